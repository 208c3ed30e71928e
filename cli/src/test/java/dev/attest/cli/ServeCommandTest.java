package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir
    Path data;

    @Test
    void trustedProxies_notACidrRange_refusedBeforeStartingNamingTheEntry() {
        var err = new StringWriter();

        int exit = AttestCommand.commandLine()
                .setErr(new PrintWriter(err, true))
                .execute(
                        "serve", "--data", data.toString(), "--port", "0", "--trusted-proxies", "10.0.0.0/8,proxy.lan");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("'proxy.lan' is not an IP address or CIDR range");
        assertThat(data).isEmptyDirectory();
    }
}
