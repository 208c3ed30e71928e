package dev.attest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalToolsTest {
    @TempDir
    Path bin;

    private Path executable(String name) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void missing_commandsOnPathAndExecutableFiles_areFound() throws IOException {
        executable("node");
        Path chromium = executable("chromium");
        var environment = Map.of("PATH", "/nonexistent" + File.pathSeparator + bin);

        assertThat(ExternalTools.missing(environment, "node", chromium.toString()))
                .isEmpty();
    }

    @Test
    void missing_absentOrNotExecutable_namedInOrder() throws IOException {
        Files.writeString(bin.resolve("npm"), "not executable");
        var environment = Map.of("PATH", bin.toString());

        assertThat(ExternalTools.missing(
                        environment, "node", "npm", bin.resolve("chromium").toString()))
                .containsExactly("node", "npm", bin.resolve("chromium").toString());
        assertThat(ExternalTools.missing(Map.of(), "node")).containsExactly("node");
    }

    @Test
    void inCi_anyValueButFalseOrZero() {
        assertThat(ExternalTools.inCi("true")).isTrue();
        assertThat(ExternalTools.inCi("1")).isTrue();
        assertThat(ExternalTools.inCi("woodpecker")).isTrue();
        assertThat(ExternalTools.inCi(null)).isFalse();
        assertThat(ExternalTools.inCi("")).isFalse();
        assertThat(ExternalTools.inCi("false")).isFalse();
        assertThat(ExternalTools.inCi("0")).isFalse();
    }
}
