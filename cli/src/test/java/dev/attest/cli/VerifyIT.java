package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.AppendRequest;
import dev.attest.integrity.Checkpoint;
import dev.attest.integrity.NoteSigner;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way to tamper with a log — in the real SQLite file under a running server, or in an export — makes
 * {@code attest verify} fail with exit code 1 and a message that names what is wrong.
 */
class VerifyIT {
    private static final int EVENTS = 12;

    /** Event 3 as stored before a test changes it. */
    private String storedThird = "";

    @TempDir
    Path data;

    @TempDir
    Path work;

    SqliteStorage storage;
    AttestServer server;
    NoteSigner signer;
    OrganizationId org;
    String apiKey;
    String url;

    @BeforeEach
    void start() throws Exception {
        signer = CheckpointKey.loadOrCreate(data.resolve(CheckpointKey.FILE_NAME), "attest.test");
        storage = SqliteStorage.open(data, 2);
        server = AttestServer.builder()
                .storage(storage)
                .clock(TestClock.clock())
                .signer(signer)
                .installation("attest.test")
                .port(0)
                .checkpointInterval(Duration.ofHours(1))
                .build()
                .start();
        url = "http://127.0.0.1:" + server.port();
        Onboarding.Created created = new Onboarding(storage.organizations(), TestClock.clock()).create("Acme");
        org = created.organization().id();
        apiKey = created.apiKey().secret();
        var batch = new StringBuilder("[");
        for (int i = 1; i <= EVENTS; i++) {
            batch.append(i == 1 ? "" : ",").append("""
                    {"id": "e%d", "action": "user.roleChange", "occurred_at": "2026-11-01T10:00:%02d.123456Z",
                     "actor": {"type": "member", "id": "usr_9", "name": "Ada Lovelace", "email": "ada@acme.test", "role": "owner"},
                     "target": {"type": "user", "id": "usr_%d", "name": "Grace Hopper"}, "workspace": "default",
                     "context": {"ip": "203.0.113.7", "user_agent": "Mozilla/5.0", "request_id": "req_%d"},
                     "payload": {"from": "member", "to": "admin", "n": %d}}""".formatted(i, i, i, i, i));
        }
        HttpResponse<String> reply = http(HttpRequest.newBuilder(
                        URI.create(url + "/v1/organizations/" + org + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString())));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        signCheckpoint();
        storedThird = log().get(2).toString();
    }

    @AfterEach
    void stop() {
        server.stop();
        storage.close();
    }

    private HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    request.header("Authorization", "Bearer " + apiKey).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private void signCheckpoint() throws Exception {
        assertThat(http(HttpRequest.newBuilder(URI.create(url + "/v1/organizations/" + org + "/checkpoint"))
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(200);
    }

    record Run(int exit, String out, String err) {}

    private Run attest(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = AttestCommand.commandLine(TestClock.clock())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run verifyOnline(String... extra) {
        var args = new ArrayList<>(List.of(
                "verify",
                "--url",
                url,
                "--org",
                org.value(),
                "--api-key",
                apiKey,
                "--public-key",
                signer.verifierKey()));
        args.addAll(List.of(extra));
        return attest(args.toArray(String[]::new));
    }

    private void sql(String statement) throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteStorage.FILE_NAME));
                var sql = connection.createStatement()) {
            sql.executeUpdate(statement);
        }
    }

    /** An attacker with the database but not the key rewrites the log consistently: leaf hashes and tree redone. */
    private void rewriteLog(List<Event> events) throws Exception {
        sql("DELETE FROM events WHERE organization_id = '" + org + "'");
        sql("DELETE FROM tree_nodes WHERE organization_id = '" + org + "'");
        sql("UPDATE organizations SET log_size = 0, log_root = NULL WHERE id = '" + org + "'");
        try (var attacker = SqliteStorage.open(data, 1)) {
            List<NewEvent> forged = events.stream()
                    .map(e -> new NewEvent(
                            e.id(),
                            e.action(),
                            e.occurredAt(),
                            e.actor(),
                            e.target(),
                            e.outcome(),
                            e.workspace(),
                            e.context(),
                            e.payload()))
                    .toList();
            attacker.events()
                    .append(List.of(new AppendRequest(org, events.getFirst().receivedAt(), forged)));
        }
    }

    private List<Event> log() {
        var events = new ArrayList<Event>();
        storage.events().scan(org, 1, Long.MAX_VALUE, events::add);
        return events;
    }

    @Test
    void verify_untouchedLog_verifiesAndSavesTheCheckpoint() throws Exception {
        Path saved = work.resolve("acme.checkpoint");

        Run first = verifyOnline("--since", saved.toString());
        Run second = verifyOnline("--since", saved.toString());

        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).startsWith("VERIFIED " + org + ": " + EVENTS + " events");
        assertThat(Files.readString(saved)).startsWith("attest.test/" + org + "\n" + EVENTS + "\n");
        assertThat(second.out()).contains("the log only grew since the checkpoint");
    }

    /** One byte of one field of event 3, as it is stored: its canonical bytes (the one place an event's content is). */
    static Stream<Arguments> oneByteChanges() {
        return Stream.of(
                Arguments.of("id", "\"id\":\"e3\"", "\"id\":\"e3x\""),
                Arguments.of("action", "user.roleChange", "user.roleChangf"),
                Arguments.of("occurred_at", "03.123456Z", "03.123457Z"),
                Arguments.of("received_at", "\"received_at\":\"2", "\"received_at\":\"3"),
                Arguments.of("actor.type", "\"type\":\"member\"", "\"type\":\"system\""),
                Arguments.of("actor.id", "usr_9", "usr_8"),
                Arguments.of("actor.name", "Ada Lovelace", "Ada Lovelacf"),
                Arguments.of("actor.email", "ada@acme.test", "adb@acme.test"),
                Arguments.of("actor.role", "\"role\":\"owner\"", "\"role\":\"admin\""),
                Arguments.of("target.type", "\"type\":\"user\"", "\"type\":\"usex\""),
                Arguments.of("target.id", "usr_3\"", "usr_4\""),
                Arguments.of("target.name", "Grace Hopper", "Grace Hoppes"),
                Arguments.of("outcome", "\"success\"", "\"failure\""),
                Arguments.of("workspace", "\"default\"", "\"defaulu\""),
                Arguments.of("context.ip", "203.0.113.7", "203.0.113.8"),
                Arguments.of("context.user_agent", "Mozilla/5.0", "Mozilla/5.1"),
                Arguments.of("context.request_id", "req_3", "req_4"),
                Arguments.of("payload", "\"to\":\"admin\"", "\"to\":\"admim\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneByteChanges")
    void verify_oneByteOfOneStoredEventChanged_failsNamingTheEvent(String field, String from, String to)
            throws Exception {
        sql("UPDATE events SET leaf_data = CAST(replace(CAST(leaf_data AS TEXT), '" + from + "', '" + to
                + "') AS BLOB) WHERE organization_id = '" + org + "' AND seq = 3");
        assertThat(log().get(2).toString())
                .as("the change reached the stored event")
                .isNotEqualTo(storedThird);

        Run run = verifyOnline();

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out())
                .startsWith("NOT VERIFIED " + org + ": event seq 3 (id e3")
                .contains("was altered");
    }

    @Test
    void verify_indexColumnChanged_servesAndVerifiesTheLoggedEvent() throws Exception {
        sql("UPDATE events SET actor_name = 'Mallory' WHERE organization_id = '" + org + "' AND seq = 3");

        Run run = verifyOnline();

        // The columns beside the stored bytes only index them: what is served, exported and verified is the event
        // as it was hashed.
        assertThat(log().get(2).actor().name()).isEqualTo("Ada Lovelace");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
    }

    @Test
    void verify_leafHashChangedToo_failsOnTheSignedRoot() throws Exception {
        Event third = log().get(2);
        rewriteLog(log().stream()
                .map(e -> e.seq() != 3
                        ? e
                        : new Event(
                                e.organizationId(),
                                3,
                                e.id(),
                                e.action(),
                                e.occurredAt(),
                                e.receivedAt(),
                                e.actor(),
                                e.target(),
                                e.outcome(),
                                "forged",
                                e.context(),
                                e.payload(),
                                null))
                .toList());
        assertThat(third.workspace()).isEqualTo("default");

        Run run = verifyOnline();

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("the events form a tree with root").contains("but the signed checkpoint states");
    }

    @Test
    void verify_eventDeleted_failsNamingTheGap() throws Exception {
        sql("DELETE FROM events WHERE organization_id = '" + org + "' AND seq = 5");

        Run run = verifyOnline();

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("expected the event with seq 5, found seq 6: events 5 to 5 are missing");
    }

    @Test
    void verify_eventInserted_failsAgainstTheSavedCheckpoint() throws Exception {
        Path saved = work.resolve("acme.checkpoint");
        assertThat(verifyOnline("--since", saved.toString()).exit()).isZero();
        List<Event> events = new ArrayList<>(log());
        Event forged = events.get(1);
        events.add(
                2,
                new Event(
                        org,
                        0,
                        new dev.attest.core.event.EventId("forged"),
                        forged.action(),
                        forged.occurredAt(),
                        forged.receivedAt(),
                        forged.actor(),
                        forged.target(),
                        forged.outcome(),
                        forged.workspace(),
                        forged.context(),
                        forged.payload(),
                        null));
        rewriteLog(events);
        // The server signs whatever its database now holds: a larger log with a new root.
        signCheckpoint();

        Run run = verifyOnline("--since", saved.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("is not an extension of the checkpoint in " + saved);
    }

    @Test
    void verify_twoEventsReordered_failsOnTheSignedRoot() throws Exception {
        List<Event> events = new ArrayList<>(log());
        Collections.swap(events, 3, 4);
        rewriteLog(events);

        Run run = verifyOnline();

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("but the signed checkpoint states");
    }

    @Test
    void verify_logTruncated_failsAgainstTheSavedCheckpoint() throws Exception {
        Path saved = work.resolve("acme.checkpoint");
        assertThat(verifyOnline("--since", saved.toString()).exit()).isZero();
        rewriteLog(log().subList(0, EVENTS - 2));
        sql("DELETE FROM checkpoints WHERE organization_id = '" + org + "'");
        signCheckpoint();

        Run run = verifyOnline("--since", saved.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("the log shrank from " + EVENTS + " events")
                .contains("to " + (EVENTS - 2));
    }

    @Test
    void verify_forkedCheckpoint_sameSizeOtherRoot_fails() throws Exception {
        Path fork = work.resolve("fork.checkpoint");
        byte[] otherRoot = new byte[32];
        otherRoot[0] = 1;
        Files.writeString(
                fork,
                signer.sign(new Checkpoint("attest.test/" + org, EVENTS, otherRoot).format()),
                StandardCharsets.UTF_8);

        Run run = verifyOnline("--since", fork.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("two checkpoints of size " + EVENTS + " have different roots (a forked log)");
    }

    @Test
    void verify_checkpointSignedByAnotherKey_fails() throws Exception {
        Path dir = work.resolve("export");
        assertThat(attest("export", "--url", url, "--org", org.value(), "--api-key", apiKey, "--out", dir.toString())
                        .exit())
                .isZero();
        String body = Checkpoint.parse(dev.attest.integrity.NoteVerifier.fromVerifierKey(signer.verifierKey())
                        .verify(Files.readString(dir.resolve("checkpoint.txt"))))
                .format();
        NoteSigner impostor = NoteSigner.fromPrivateKey(NoteSigner.generatePrivateKey("attest.test"));
        Files.writeString(dir.resolve("checkpoint.txt"), impostor.sign(body), StandardCharsets.UTF_8);

        Run run = offline(dir);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("is not signed by attest.test");
    }

    @Test
    void verify_export_verifiesOfflineAndFailsWhenALineIsEdited() throws Exception {
        Path dir = work.resolve("export");
        attest("export", "--url", url, "--org", org.value(), "--api-key", apiKey, "--out", dir.toString());
        assertThat(offline(dir).exit()).isZero();

        Path events = dir.resolve("events.jsonl");
        Files.writeString(events, Files.readString(events).replace("\"req_7\"", "\"req_8\""));
        Run run = offline(dir);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("event seq 7 (id e7) was altered");
    }

    /**
     * A deleted organization (ADR 0010) keeps a verifiable log: its key no longer reads it, but a super-user downloads
     * its export with the signed checkpoint through a console session, and {@code attest verify} passes on it, the
     * deletion being its last event.
     */
    @Test
    void verify_deletedOrganization_superUsersExportVerifies() throws Exception {
        var root = java.util.Objects.requireNonNull(new dev.attest.server.console.Accounts(storage, TestClock.clock())
                .ensureSuperUser("root@attest.test", null));
        try (HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            String signInPage = browser.send(
                            HttpRequest.newBuilder(URI.create(url + "/sign-in")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String form = "csrf=" + csrfOf(signInPage) + "&email=root%40attest.test&password="
                    + java.net.URLEncoder.encode(root.password(), StandardCharsets.UTF_8) + "&next=";
            HttpResponse<String> signedIn = browser.send(
                    HttpRequest.newBuilder(URI.create(url + "/sign-in"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Origin", url)
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).isEqualTo(303);
            String csrf = csrfOf(browser.send(
                            HttpRequest.newBuilder(URI.create(url + "/orgs")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            HttpResponse<String> deleted = browser.send(
                    HttpRequest.newBuilder(URI.create(url + "/v1/organizations/" + org))
                            .header("Content-Type", "application/json")
                            .header("X-CSRF-Token", csrf)
                            .header("Origin", url)
                            .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"confirm\": \"Acme\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            assertThat(verifyOnline().exit())
                    .as("the revoked key reads nothing")
                    .isEqualTo(2);

            HttpResponse<String> export = browser.send(
                    HttpRequest.newBuilder(URI.create(url + "/v1/organizations/" + org + "/export"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
            Path dir = Files.createDirectories(work.resolve("deleted"));
            Files.writeString(dir.resolve("events.jsonl"), export.body());
            Files.write(
                    dir.resolve("checkpoint.txt"),
                    java.util.Base64.getDecoder()
                            .decode(export.headers()
                                    .firstValue("Attest-Checkpoint")
                                    .orElseThrow()));

            Run run = offline(dir);

            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("VERIFIED " + org + ": " + (EVENTS + 1) + " events");
            assertThat(log().getLast().action()).isEqualTo("org.delete");
        }
    }

    private static String csrfOf(String html) {
        var token = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
                .matcher(html);
        assertThat(token.find()).as(html).isTrue();
        return token.group(1);
    }

    @Test
    void verify_unreachableServer_exit2() {
        Run run = attest(
                "verify",
                "--url",
                "http://127.0.0.1:1",
                "--org",
                org.value(),
                "--api-key",
                apiKey,
                "--public-key",
                signer.verifierKey());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("could not check");
    }

    private Run offline(Path dir) {
        return attest(
                "verify",
                "--export",
                dir.resolve("events.jsonl").toString(),
                "--checkpoint",
                dir.resolve("checkpoint.txt").toString(),
                "--org",
                org.value(),
                "--public-key",
                signer.verifierKey());
    }
}
