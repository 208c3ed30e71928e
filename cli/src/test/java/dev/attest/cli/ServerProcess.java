package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code attest serve} in a JVM of its own, running the built cli jar as an operator would: started on a free port,
 * ready once {@code /health/ready} answers, stopped with SIGTERM.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code attest serve --data data} plus {@code arguments}, and waits until it is ready. */
    static ServerProcess start(Path data, Map<String, String> environment, String... arguments) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jar = Path.of("target", "attest-cli.jar").toAbsolutePath();
        assertThat(jar).exists();
        int port = freePort();
        Path log = Files.createTempFile(data, "server-" + port + "-", ".log");
        List<String> command = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                jar.toString(),
                "serve",
                "--port",
                String.valueOf(port),
                "--data",
                data.toString()));
        command.addAll(List.of(arguments));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("ATTEST_ADMIN_PASSWORD", "correct horse battery staple");
        builder.environment().putAll(environment);
        var server = new ServerProcess(builder.start(), log, port);
        server.awaitReady();
        return server;
    }

    /** The server process's id. */
    long pid() {
        return process.pid();
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    var response = http.send(
                            HttpRequest.newBuilder(URI.create(url() + "/health/ready"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(200);
            }
        }
        close();
        throw new AssertionError("the server did not start: " + Files.readString(log));
    }

    /** Whether {@code /health/ready} answers 200 now. */
    boolean isReady() throws InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(url() + "/health/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** SIGTERM, as an operator stops it: the server commits what is queued and exits. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
