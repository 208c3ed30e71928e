package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.Catalog;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.PageRequest;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code attest demo}, then a server over its data: the demo log is complete, verifies, and stops verifying once edited. */
class DemoIT {
    @TempDir
    Path data;

    private record Run(int exit, String out) {}

    private static Run attest(String... args) {
        var out = new StringWriter();
        int exit = AttestCommand.commandLine(TestClock.clock())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(new StringWriter(), true))
                .execute(args);
        return new Run(exit, out.toString());
    }

    @Test
    void demo_thenVerify_succeeds_andFailsAfterOneByteChanged() throws Exception {
        Run demo = attest("demo", "--data", data.toString());
        assertThat(demo.exit()).isZero();
        JsonNode created = JsonMapper.shared().readTree(demo.out());
        String org = created.get("id").asString();
        String apiKey = created.get("api_key").asString();
        String verifierKey = attest("key", "--data", data.toString()).out().strip();

        try (var storage = SqliteStorage.open(data, 2)) {
            Set<String> actions = new HashSet<>();
            var filter = EventFilter.of(new OrganizationId(org));
            var first = PageRequest.first(PageRequest.MAX_LIMIT);
            var page = storage.events().query(filter, first);
            while (true) {
                page.events().forEach(e -> actions.add(e.action()));
                if (page.next() == null) {
                    break;
                }
                page = storage.events().query(filter, first.after(page.next()));
            }
            assertThat(actions)
                    .containsAll(Catalog.standard().actions().stream()
                            .map(ActionSpec::action)
                            .toList());
            assertThat(created.get("events").asInt()).isGreaterThan(500);

            var server = AttestServer.builder()
                    .storage(storage)
                    .clock(TestClock.clock())
                    .signer(CheckpointKey.loadOrCreate(data.resolve(CheckpointKey.FILE_NAME), "attest.local"))
                    .port(0)
                    .build()
                    .start();
            try {
                String url = "http://127.0.0.1:" + server.port();
                Run verified =
                        attest("verify", "--url", url, "--org", org, "--api-key", apiKey, "--public-key", verifierKey);
                assertThat(verified.exit()).as(verified.out()).isZero();

                try (var connection =
                                DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteStorage.FILE_NAME));
                        var sql = connection.createStatement()) {
                    // One byte of the stored event: its workspace's name gains a letter.
                    sql.executeUpdate("UPDATE events SET leaf_data = CAST(replace(CAST(leaf_data AS TEXT),"
                            + " '\"workspace\":\"', '\"workspace\":\"x') AS BLOB) WHERE organization_id = '" + org
                            + "' AND seq = 5");
                }
                Run tampered =
                        attest("verify", "--url", url, "--org", org, "--api-key", apiKey, "--public-key", verifierKey);
                assertThat(tampered.exit()).isEqualTo(1);
                assertThat(tampered.out()).contains("event seq 5").contains("was altered");
            } finally {
                server.stop();
            }
        }
    }
}
