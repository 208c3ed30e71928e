package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command that calls a server says in one line what went wrong: never {@code null}, never a stack trace. */
class CommandFailuresIT {
    @TempDir
    Path data;

    private static CommandRun attest(String... arguments) {
        return CommandRun.attest(arguments);
    }

    private static int closedPort() throws Exception {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void export_serverStopped_oneLineNamingTheUrlAndConnectionRefused() throws Exception {
        int port = closedPort();

        CommandRun run = attest(
                "export",
                "--url",
                "http://127.0.0.1:" + port,
                "--org",
                "org_x",
                "--api-key",
                "k",
                "--out",
                data.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines().toList())
                .containsExactly(
                        "attest: GET http://127.0.0.1:" + port
                                + "/v1/organizations/org_x/export: connection refused (is the server running at that address?)");
    }

    @Test
    void export_serverStoppedVerbose_addsTheTrace() throws Exception {
        CommandRun run = attest(
                "export",
                "--verbose",
                "--url",
                "http://127.0.0.1:" + closedPort(),
                "--org",
                "org_x",
                "--api-key",
                "k",
                "--out",
                data.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("connection refused")
                .contains("java.net.ConnectException")
                .contains("\tat ");
    }

    @Test
    void exportAndVerify_wrongKey_oneLineWithStatusTitleAndDetail() throws Exception {
        try (var server = ServerProcess.start(data, Map.of())) {
            CommandRun export = attest(
                    "export",
                    "--url",
                    server.url(),
                    "--org",
                    "org_nope",
                    "--api-key",
                    "atk_wrong",
                    "--out",
                    data.resolve("out").toString());
            CommandRun verify = attest(
                    "verify",
                    "--url",
                    server.url(),
                    "--org",
                    "org_nope",
                    "--api-key",
                    "atk_wrong",
                    "--public-key",
                    attest("key", "--data", data.toString()).out().strip());

            assertThat(export.exit()).isEqualTo(1);
            assertThat(export.err().lines().toList()).hasSize(1);
            assertThat(export.err())
                    .startsWith("attest: GET " + server.url() + "/v1/organizations/org_nope/export answered 401: ");
            assertThat(verify.exit()).isEqualTo(VerifyCommand.CANNOT_CHECK);
            assertThat(verify.err().lines().toList()).hasSize(1);
            assertThat(verify.err()).contains("answered 401: ");
        }
    }
}
