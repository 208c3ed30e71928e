package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A backup taken while events stream into a running server restores elsewhere, and the restored log verifies. */
class BackupIT {
    @TempDir
    Path data;

    @TempDir
    Path elsewhere;

    @TempDir
    Path backups;

    private static CommandRun attest(String... arguments) {
        return CommandRun.attest(arguments);
    }

    @Test
    void backup_underLoad_restoresElsewhereAndVerifies() throws Exception {
        JsonNode org = JsonMapper.shared()
                .readTree(attest("org", "create", "Acme", "--data", data.toString())
                        .out());
        String orgId = org.get("id").asString();
        String apiKey = org.get("api_key").asString();
        Path file = backups.resolve("attest-backup.db");
        var stop = new AtomicBoolean();
        var acknowledged = new AtomicInteger();
        CommandRun backup;
        try (var server = ServerProcess.start(data, Map.of())) {
            CompletableFuture<Void> load =
                    CompletableFuture.runAsync(() -> stream(server.url(), orgId, apiKey, stop, acknowledged));
            while (acknowledged.get() < 500) {
                Thread.sleep(20);
            }

            backup = attest("backup", "--data", data.toString(), "--to", file.toString());
            int atBackup = acknowledged.get();
            while (acknowledged.get() < atBackup + 200) {
                Thread.sleep(20);
            }
            stop.set(true);
            load.join();

            // Restore refuses an installation that a server is running on.
            CommandRun refused = attest("restore", "--from", file.toString(), "--data", data.toString());
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("in use by another attest process (PID " + server.pid() + ")");
        }
        assertThat(backup.exit()).as(backup.err()).isZero();
        JsonNode report = JsonMapper.shared().readTree(backup.out());
        assertThat(report.get("verified").asBoolean()).isTrue();
        long backedUp = report.get("events").asLong();
        // Taken while events streamed in: some, not all.
        assertThat(backedUp).isBetween(500L, (long) acknowledged.get() - 200);
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);

        Path restored = elsewhere.resolve("data");
        CommandRun restore = attest(
                "restore",
                "--from",
                file.toString(),
                "--data",
                restored.toString(),
                "--key",
                data.resolve("checkpoint-signing.key").toString());
        assertThat(restore.exit()).as(restore.err()).isZero();

        String publicKey = attest("key", "--data", restored.toString()).out().strip();
        try (var server = ServerProcess.start(restored, Map.of())) {
            CommandRun verify = attest(
                    "verify", "--url", server.url(), "--org", orgId, "--api-key", apiKey, "--public-key", publicKey);
            assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out()).contains("VERIFIED " + orgId + ": " + backedUp + " events");
        }
    }

    @Test
    void backup_ofATamperedDatabase_refusesAndWritesNothing() throws Exception {
        JsonNode org = JsonMapper.shared()
                .readTree(attest("org", "create", "Acme", "--data", data.toString())
                        .out());
        try (var server = ServerProcess.start(data, Map.of())) {
            var stop = new AtomicBoolean(true);
            var acknowledged = new AtomicInteger();
            stream(server.url(), org.get("id").asString(), org.get("api_key").asString(), stop, acknowledged);
        }
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("attest.db"));
                var statement = connection.createStatement()) {
            // The stored bytes of event 3, which is what is read back and hashed (ADR 0002): "admin" becomes "owner".
            assertThat(statement.executeUpdate("UPDATE events SET leaf_data = CAST(replace(CAST(leaf_data AS TEXT),"
                            + " '\"admin\"', '\"owner\"') AS BLOB) WHERE seq = 3"))
                    .isEqualTo(1);
        }
        Path file = backups.resolve("tampered.db");

        CommandRun backup = attest("backup", "--data", data.toString(), "--to", file.toString());

        assertThat(backup.exit()).isEqualTo(1);
        assertThat(backup.err()).contains("the copy does NOT verify").contains("event seq 3");
        assertThat(file).doesNotExist();
        assertThat(backups).isEmptyDirectory();
    }

    /** Posts batches of 20 events until {@code stop} is set (at least one batch), counting the acknowledged ones. */
    private static void stream(String url, String org, String apiKey, AtomicBoolean stop, AtomicInteger acknowledged) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            int batch = 0;
            do {
                var body = new StringBuilder("[");
                for (int i = 0; i < 20; i++) {
                    body.append(i == 0 ? "" : ",").append("""
                            {"id": "b%d-%d", "action": "user.roleChange",
                             "actor": {"type": "member", "id": "usr_9"}, "target": {"type": "user", "id": "usr_%d"},
                             "payload": {"from": "member", "to": "admin"}}""".formatted(batch, i, i));
                }
                HttpResponse<String> reply = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/v1/organizations/" + org + "/events"))
                                .header("Authorization", "Bearer " + apiKey)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        body.append(']').toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
                acknowledged.addAndGet(20);
                batch++;
            } while (!stop.get());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
