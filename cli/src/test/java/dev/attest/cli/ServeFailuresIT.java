package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attest serve} as a supervisor sees it: whatever keeps it from serving ends the process within seconds, with
 * a non-zero exit code and one line that names the problem and what to do.
 */
class ServeFailuresIT {
    private static final Duration LIMIT = Duration.ofSeconds(5);

    @TempDir
    Path data;

    /** How a refused start ended. */
    private record Exit(int code, List<String> lines, Duration took) {}

    private Exit serve(Map<String, String> environment, String... arguments) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jar = Path.of("target", "attest-cli.jar").toAbsolutePath();
        var command =
                new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "serve"));
        command.addAll(List.of(arguments));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ATTEST_ADMIN_PASSWORD", "correct horse battery staple");
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        // Generous, so that a hang fails the assertion below rather than the test run.
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("attest serve " + String.join(" ", arguments) + " still runs after 30 s");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Exit(
                process.exitValue(),
                output.lines().filter(line -> !line.isBlank()).toList(),
                took);
    }

    private static void assertRefused(Exit exit, String... reason) {
        assertThat(exit.code()).as(String.join("\n", exit.lines())).isNotZero();
        assertThat(exit.took()).isLessThan(LIMIT);
        assertThat(exit.lines()).as("one line, no stack trace").hasSize(1);
        assertThat(exit.lines().getFirst()).startsWith("attest: ").contains(reason);
    }

    @Test
    void serve_portInUse_oneLineNamingThePort_exitsNonZeroWithinSeconds() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            Exit exit = serve(Map.of(), "--port", String.valueOf(port), "--data", data.toString());

            assertRefused(exit, "cannot listen on 127.0.0.1:" + port, "choose another --port");
        }
    }

    @Test
    void serve_secondServerOnTheSameDataDirectory_refusesNamingTheHoldersPid() throws Exception {
        try (var first = ServerProcess.start(data, Map.of())) {
            Exit exit = serve(Map.of(), "--port", "0", "--data", data.toString());

            assertRefused(exit, "is in use by another attest process (PID " + first.pid() + ")");
            // The first one is unharmed.
            assertThat(first.isReady()).isTrue();
        }
    }

    @Test
    void serve_dataDirectoryIsAFile_oneLine_exitsNonZero() throws Exception {
        Path file = Files.writeString(data.resolve("not-a-directory"), "x");

        Exit exit = serve(Map.of(), "--port", "0", "--data", file.toString());

        assertRefused(exit, "is a file, not a directory");
    }

    @Test
    void serve_databaseUnreachable_oneLineWithoutThePassword_exitsNonZero() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        Exit exit = serve(
                Map.of("ATTEST_DATABASE_URL", "postgresql://attest:s3cret-pw@127.0.0.1:" + closed + "/attest"),
                "--port",
                "0",
                "--data",
                data.toString());

        assertRefused(exit, "cannot reach the database", "127.0.0.1:" + closed, "ATTEST_DATABASE_URL");
        assertThat(exit.lines().getFirst()).doesNotContain("s3cret-pw");
    }

    @Test
    void serve_signingKeyReadableByOthers_oneLineSayingChmod_exitsNonZero() throws Exception {
        Path key = data.resolve("checkpoint-signing.key");
        dev.attest.server.CheckpointKey.loadOrCreate(key, "attest.local");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        Exit exit = serve(Map.of(), "--port", "0", "--data", data.toString());

        assertRefused(exit, "is readable by others", "chmod 600");
    }

    @Test
    void serve_badPortVariable_oneLineNamingIt() throws Exception {
        Exit exit = serve(Map.of("ATTEST_PORT", "80a"), "--data", data.toString());

        assertRefused(exit, "ATTEST_PORT must be a port number");
    }
}
