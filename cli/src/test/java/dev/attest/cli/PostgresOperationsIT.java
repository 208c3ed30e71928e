package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.org.Onboarding;
import dev.attest.testing.TestClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Production set-ups on a real (embedded) PostgreSQL: two Attest server processes — separate JVMs running the built
 * cli jar — ingesting into the same organizations at once, and {@code attest migrate} from an embedded installation.
 */
class PostgresOperationsIT {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Map<String, String> POOL = Map.of("ATTEST_DATABASE_POOL_SIZE", "4");
    private static EmbeddedPostgres postgres;

    @TempDir
    Path data;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    private static String freshDatabase() throws Exception {
        String name = "attest_it_" + DATABASES.incrementAndGet();
        try (var connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    record Run(int exit, String out, String err) {}

    private static Run attest(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = AttestCommand.commandLine(TestClock.clock())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void twoServerProcesses_ingestingIntoTheSameOrganizations_keepEveryLogGapFreeAndVerifiable() throws Exception {
        String url = freshDatabase();
        var orgs = new ArrayList<Map<String, Object>>();
        for (String name : List.of("Acme", "Globex", "Initech")) {
            Run created = attest("org", "create", name, "--data", data.toString(), "--database-url", url);
            assertThat(created.exit()).as(created.err()).isZero();
            orgs.add(JsonMapper.shared().readValue(created.out(), new TypeReference<Map<String, Object>>() {}));
        }
        ServerProcess first = ServerProcess.start(data, POOL, "--database-url", url);
        ServerProcess second = null;
        try {
            String a = first.url();
            // The second process starts once the first made the signing key, which both then share.
            second = ServerProcess.start(data, POOL, "--database-url", url);
            String b = second.url();
            int perClient = 60;
            ExecutorService clients = Executors.newFixedThreadPool(12);
            var posted = new ArrayList<Future<Integer>>();
            for (int c = 0; c < 12; c++) {
                String server = c % 2 == 0 ? a : b;
                Map<String, Object> org = orgs.get(c % orgs.size());
                int client = c;
                posted.add(clients.submit(ingest(server, org, client, perClient)));
            }
            int accepted = 0;
            for (Future<Integer> done : posted) {
                accepted += done.get(3, TimeUnit.MINUTES);
            }
            clients.shutdown();
            assertThat(accepted).isEqualTo(12 * perClient * 2);

            try (var connection = DriverManager.getConnection(url);
                    var statement = connection.createStatement();
                    var rows = statement.executeQuery("SELECT o.id, o.log_size, count(e.seq), min(e.seq), max(e.seq),"
                            + " count(DISTINCT e.seq), count(DISTINCT e.id) FROM organizations o"
                            + " JOIN events e ON e.organization_id = o.id GROUP BY o.id, o.log_size")) {
                int seen = 0;
                while (rows.next()) {
                    seen++;
                    long size = rows.getLong(2);
                    assertThat(size).isEqualTo(4L * perClient * 2);
                    assertThat(rows.getLong(3)).isEqualTo(size);
                    assertThat(rows.getLong(4)).isEqualTo(1);
                    assertThat(rows.getLong(5)).isEqualTo(size);
                    assertThat(rows.getLong(6)).isEqualTo(size);
                    assertThat(rows.getLong(7)).isEqualTo(size);
                }
                assertThat(seen).isEqualTo(3);
            }
            String key = attest("key", "--data", data.toString()).out().strip();
            for (Map<String, Object> org : orgs) {
                // Each log verified through the server that did not sign the other's checkpoints.
                for (String server : List.of(a, b)) {
                    Run verified = attest(
                            "verify",
                            "--url",
                            server,
                            "--org",
                            String.valueOf(org.get("id")),
                            "--api-key",
                            String.valueOf(org.get("api_key")),
                            "--public-key",
                            key);
                    assertThat(verified.exit())
                            .as(verified.out() + verified.err())
                            .isZero();
                }
            }
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /** One client: {@code count} single events and {@code count} events in batches of 6, with one retry each. */
    private static Callable<Integer> ingest(String server, Map<String, Object> org, int client, int count) {
        return () -> {
            int accepted = 0;
            String path = server + "/v1/organizations/" + org.get("id") + "/events";
            try (HttpClient http = HttpClient.newHttpClient()) {
                for (int i = 0; i < count; i++) {
                    String single = event("c" + client + "-s" + i);
                    for (int attempt = 0; attempt < 2; attempt++) {
                        // The retry must come back as the same event, not a second one.
                        assertThat(post(http, path, org, single)).isIn(200, 201);
                    }
                    accepted++;
                }
                for (int i = 0; i < count; i += 6) {
                    var batch = new StringBuilder("[");
                    for (int j = i; j < i + 6; j++) {
                        batch.append(j == i ? "" : ",").append(event("c" + client + "-b" + j));
                    }
                    assertThat(post(http, path, org, batch.append("]").toString()))
                            .isEqualTo(201);
                    accepted += 6;
                }
            }
            return accepted;
        };
    }

    private static String event(String id) {
        return """
                {"id": "%s", "action": "user.roleChange",
                 "actor": {"type": "member", "id": "usr_9", "name": "Ada Lovelace", "email": "ada@acme.test"},
                 "target": {"type": "user", "id": "usr_12", "name": "Grace Hopper"},
                 "payload": {"from": "member", "to": "admin"}}""".formatted(id);
    }

    private static int post(HttpClient http, String path, Map<String, Object> org, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(path))
                        .header("Authorization", "Bearer " + org.get("api_key"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    @Test
    void migrate_embeddedInstallation_copiesEverythingAndVerifiesIt() throws Exception {
        Run demo = attest("demo", "--data", data.toString());
        assertThat(demo.exit()).as(demo.err()).isZero();
        try (var source = dev.attest.storage.sqlite.SqliteStorage.open(data, 1)) {
            new Onboarding(source.organizations(), TestClock.clock()).create("Empty Co");
        }
        String url = freshDatabase();

        Run migrated = attest("migrate", "--from", data.toString(), "--to", url);

        assertThat(migrated.exit()).as(migrated.err()).isZero();
        Map<?, ?> report = JsonMapper.shared().readValue(migrated.out(), Map.class);
        assertThat(report.get("organizations")).isEqualTo(2);
        assertThat(report.get("events")).isInstanceOf(Number.class).isNotEqualTo(0);
        assertThat(report.get("verified")).isEqualTo(true);
        assertThat(migrated.err()).contains("verified");
        // Bulk-filled tables get planner statistics before anyone reads them (issue 14: pages sorted the whole log).
        assertThat(migrated.err()).containsPattern("analyzed \\d+ tables");

        Run again = attest("migrate", "--from", data.toString(), "--to", url);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("empty database");
    }
}
