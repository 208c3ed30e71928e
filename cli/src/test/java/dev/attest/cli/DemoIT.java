package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.Catalog;
import dev.attest.core.event.Actor;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.member.Group;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.PageRequest;
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
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
    void demo_setsUpTheOrganizationThroughTheServices_theInvitedJoinAndTheHistoryNamesThem() throws Exception {
        Run demo = attest("demo", "--data", data.toString());
        assertThat(demo.exit()).isZero();
        var org = new OrganizationId(
                JsonMapper.shared().readTree(demo.out()).get("id").asString());

        try (var storage = SqliteStorage.open(data, 2)) {
            Member owner = storage.members().findByEmail("ada@acme.test").orElseThrow();
            Member margaret =
                    storage.members().findByEmail("margaret@acme.test").orElseThrow();
            assertThat(storage.members().list(org)).hasSize(6);
            // Invited as a member; the owner made her an admin once she had joined.
            assertThat(margaret.role()).isEqualTo(Role.ADMIN);
            // Five invitations and one resend, kept in the outbox as without SMTP.
            assertThat(storage.outbox().latest(100))
                    .extracting(m -> m.mail().to())
                    .filteredOn(to -> to.endsWith("@acme.test"))
                    .hasSize(6);
            List<Event> log = log(storage, org);
            List<Event> invites = log.stream()
                    .filter(e -> e.action().equals("user.invite"))
                    .limit(5)
                    .toList();
            assertThat(invites).allSatisfy(e -> {
                assertThat(e.actor().id()).isEqualTo(owner.id());
                assertThat(e.target()).isNotNull();
                assertThat(e.payload()).containsKeys("email", "role");
            });
            Event promoted = log.stream()
                    .filter(e -> e.action().equals("user.roleChange"))
                    .findFirst()
                    .orElseThrow();
            assertThat(promoted.actor().id()).isEqualTo(owner.id());
            assertThat(promoted.payload())
                    .isEqualTo(Map.of("email", "margaret@acme.test", "from", "member", "to", "admin"));
            // The administration comes first, on the day before the history, and the history names the real members.
            Instant founded = log.getFirst().occurredAt();
            assertThat(log.stream().filter(e -> e.actor().type() == ActorType.MEMBER))
                    .allMatch(e -> !e.occurredAt().isBefore(founded));
            assertThat(log.stream()
                            .filter(e -> e.action().equals("auth.login.success"))
                            .map(e -> e.actor().id())
                            .distinct())
                    .containsExactlyInAnyOrderElementsOf(
                            storage.members().list(org).stream().map(Member::id).toList());
        }
    }

    /** Every event of the organization's log, in order. */
    private static List<Event> log(SqliteStorage storage, OrganizationId org) {
        var events = new ArrayList<Event>();
        var filter = EventFilter.of(org);
        var first = PageRequest.first(PageRequest.MAX_LIMIT);
        var page = storage.events().query(filter, first);
        while (true) {
            events.addAll(page.events());
            if (page.next() == null) {
                break;
            }
            page = storage.events().query(filter, first.after(page.next()));
        }
        events.sort(Comparator.comparingLong(Event::seq));
        return events;
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
            List<Event> log = log(storage, new OrganizationId(org));
            assertThat(log)
                    .extracting(Event::action)
                    .containsAll(Catalog.standard().actions().stream()
                            .map(ActionSpec::action)
                            .toList());
            assertThat(created.get("events").asInt()).isEqualTo(log.size()).isGreaterThan(500);

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

                // The demo's administration is the real one: its group.create is the owner's, shaped as the API's.
                HttpResponse<String> reply = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url + "/v1/organizations/" + org + "/groups"))
                                        .header("Authorization", "Bearer " + apiKey)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Legal\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
                List<Event> groupCreates = log(storage, new OrganizationId(org)).stream()
                        .filter(e -> e.action().equals("group.create"))
                        .toList();
                Event throughApi = groupCreates.getLast();
                assertThat(throughApi.actor().type()).isEqualTo(ActorType.API_KEY);
                Member owner = storage.members().findByEmail("ada@acme.test").orElseThrow();
                Group engineering = storage.groups()
                        .findByName(new OrganizationId(org), "Engineering")
                        .orElseThrow();
                Event setUp = groupCreates.getFirst();
                assertThat(setUp.actor())
                        .isEqualTo(new Actor(ActorType.MEMBER, owner.id(), owner.name(), owner.email(), "owner"));
                assertThat(setUp.target()).isEqualTo(new Target("group", engineering.id(), "Engineering"));
                assertThat(setUp.outcome()).isEqualTo(Outcome.SUCCESS);
                assertThat(setUp.payload()).isEqualTo(Map.of("name", "Engineering"));
                assertThat(setUp.payload().keySet())
                        .isEqualTo(throughApi.payload().keySet());
                assertThat(setUp.context().ip()).isEqualTo("203.0.113.7");
                assertThat(setUp.seq())
                        .isLessThan(log.stream()
                                .filter(e -> e.action().equals("auth.login.success"))
                                .findFirst()
                                .orElseThrow()
                                .seq());

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
