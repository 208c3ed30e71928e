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

    @Test
    void printConfig_showsEffectiveValuesWithSecretsMasked_andStartsNothing() {
        var out = new StringWriter();
        Path directory = data.resolve("not-yet");

        int exit = AttestCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .execute(
                        "serve",
                        "--print-config",
                        "--data",
                        directory.toString(),
                        "--port",
                        "9099",
                        "--database-url",
                        "postgresql://attest:hunter2-secret@db.internal:5432/attest?sslmode=require&password=other-secret");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("ATTEST_PORT")
                .containsPattern("ATTEST_PORT +--port +9099 +flag")
                .contains("ATTEST_DATABASE_URL")
                .contains("db.internal:5432")
                .contains("ATTEST_METRICS_PORT")
                .contains("ATTEST_LOG_FORMAT")
                .contains("ATTEST_SECRET_KEY")
                .doesNotContain("hunter2-secret")
                .doesNotContain("other-secret");
        assertThat(directory).doesNotExist();
    }
}
