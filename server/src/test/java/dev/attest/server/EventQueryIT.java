package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class EventQueryIT {
    @TempDir
    Path data;

    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> ids(String query) {
        TestServer.Reply reply = server.get(server.eventsPath(server.acmeId()) + query, server.acmeKey());
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        return reply.json()
                .get("data")
                .valueStream()
                .map(n -> n.get("id").asString())
                .toList();
    }

    private void post(
            String id,
            String action,
            String occurredAt,
            Map<String, Object> actor,
            Map<String, Object> target,
            String outcome,
            Map<String, Object> payload) {
        var event = new java.util.LinkedHashMap<String, Object>();
        event.put("id", id);
        event.put("action", action);
        event.put("occurred_at", occurredAt);
        event.put("actor", actor);
        event.put("target", target);
        event.put("outcome", outcome);
        event.put("workspace", id.startsWith("s") ? "staging" : "default");
        event.put("payload", payload);
        TestServer.Reply reply = server.postAcme(Documents.json(event));
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
    }

    @Test
    void get_filters_eachNarrowsToTheMatchingEvents() {
        post(
                "login",
                "auth.login.success",
                "2026-11-01T08:00:00Z",
                Map.of("type", "member", "id", "usr_ada", "name", "Ada Lovelace", "email", "ada@acme.test"),
                Map.of("type", "user", "id", "usr_ada", "name", "Ada Lovelace"),
                "success",
                Map.of("method", "password", "email", "ada@acme.test"));
        post(
                "fail",
                "auth.login.failure",
                "2026-11-02T08:00:00Z",
                Map.of("type", "unknown"),
                Map.of("type", "user", "id", "usr_ada"),
                "failure",
                Map.of("email", "ada@acme.tset", "reason", "invalid_password"));
        post(
                "staging-group",
                "group.create",
                "2026-11-03T08:00:00Z",
                Map.of("type", "api_key", "id", "key_1", "name", "Terraform"),
                Map.of("type", "group", "id", "grp_1", "name", "Security"),
                "success",
                Map.of("name", "Security"));

        assertThat(ids("")).containsExactly("staging-group", "fail", "login");
        assertThat(ids("?action=auth.login.success&action=group.create")).containsExactly("staging-group", "login");
        assertThat(ids("?category=auth")).containsExactly("fail", "login");
        assertThat(ids("?actor_type=api_key")).containsExactly("staging-group");
        assertThat(ids("?actor_id=usr_ada")).containsExactly("login");
        assertThat(ids("?actor_email=ada%40acme.test")).containsExactly("login");
        assertThat(ids("?target_type=group")).containsExactly("staging-group");
        assertThat(ids("?target_id=usr_ada")).containsExactly("fail", "login");
        assertThat(ids("?outcome=failure")).containsExactly("fail");
        assertThat(ids("?workspace=staging")).containsExactly("staging-group");
        assertThat(ids("?workspace=staging&workspace=default")).containsExactly("staging-group", "fail", "login");
        assertThat(ids("?category=group&category=auth")).containsExactly("staging-group", "fail", "login");
        assertThat(ids("?category=group&category=auth&outcome=success")).containsExactly("staging-group", "login");
        assertThat(ids("?critical=true")).containsExactly("fail", "login");
        assertThat(ids("?critical=false")).containsExactly("staging-group");
        assertThat(ids("?since=2026-11-02T00:00:00Z&until=2026-11-03T00:00:00Z"))
                .containsExactly("fail");
        assertThat(ids("?q=terraform")).containsExactly("staging-group");
        assertThat(ids("?q=" + URLEncoder.encode("Ada Love", StandardCharsets.UTF_8)))
                .containsExactly("login");
        assertThat(ids("?limit=1")).containsExactly("staging-group");
    }

    @Test
    void get_badParameters_400NamingEachParameter() {
        TestServer.Reply reply = server.get(
                server.eventsPath(server.acmeId())
                        + "?limit=5000&outcome=meh&since=yesterday&actor_type=alien&critical=yes",
                server.acmeKey());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("parameter").asString()))
                .containsExactlyInAnyOrder("limit", "outcome", "since", "actor_type", "critical");
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("detail").asString()))
                .contains(
                        "limit must be a whole number from 1 to 1000",
                        "outcome must be one of success, failure, not meh");
    }

    @Test
    void get_emptyRangeOrOverlongSearch_400NamingTheParameter() {
        for (String query : List.of(
                "?since=2026-11-02T00:00:00Z&until=2026-11-02T00:00:00Z",
                "?since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z")) {
            TestServer.Reply reply = server.get(server.eventsPath(server.acmeId()) + query, server.acmeKey());

            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.json().get("errors").get(0).get("parameter").asString())
                    .isEqualTo("until");
            assertThat(reply.json().get("errors").get(0).get("detail").asString())
                    .isEqualTo("until must be later than since");
        }
        TestServer.Reply longest = server.get(
                server.eventsPath(server.acmeId()) + "?q=" + URLEncoder.encode("é".repeat(200), StandardCharsets.UTF_8),
                server.acmeKey());
        TestServer.Reply tooLong =
                server.get(server.eventsPath(server.acmeId()) + "?q=" + "a".repeat(201), server.acmeKey());

        assertThat(longest.status()).as(longest.raw().body()).isEqualTo(200);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("parameter").asString())
                .isEqualTo("q");
    }

    @Test
    void get_forgedCursor_400() {
        TestServer.Reply reply = server.get(server.eventsPath(server.acmeId()) + "?cursor=bm9wZQ", server.acmeKey());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").get(0).get("parameter").asString())
                .isEqualTo("cursor");
    }

    @Test
    void get_cursorWhileProducersWrite_noDuplicatesNoGaps() throws Exception {
        for (int i = 0; i < 60; i++) {
            server.postAcme(Documents.roleChange("before-" + i));
        }
        var writing = new AtomicBoolean(true);
        var written = new AtomicInteger();
        Thread producer = Thread.ofVirtual().start(() -> {
            while (writing.get()) {
                server.postAcme(Documents.roleChange("during-" + written.incrementAndGet()));
            }
        });
        try {
            var seen = new ArrayList<Long>();
            String cursor = null;
            do {
                String query = "?limit=7" + (cursor == null ? "" : "&cursor=" + cursor);
                JsonNode page = server.get(server.eventsPath(server.acmeId()) + query, server.acmeKey())
                        .json();
                page.get("data")
                        .valueStream()
                        .forEach(n -> seen.add(n.get("seq").asLong()));
                cursor = page.get("next_cursor").isNull()
                        ? null
                        : page.get("next_cursor").asString();
                Thread.sleep(5);
            } while (cursor != null);

            // All events share one occurred_at, so the log as of the first page comes back by seq, newest first:
            // exactly S, S-1, …, 1 — nothing twice, nothing skipped, nothing that arrived after the first page.
            long newest = seen.getFirst();
            assertThat(newest).isGreaterThanOrEqualTo(60);
            assertThat(seen)
                    .containsExactlyElementsOf(java.util.stream.LongStream.iterate(newest, s -> s >= 1, s -> s - 1)
                            .boxed()
                            .toList());
            assertThat(server.storage.events().size(server.acmeId())).isGreaterThan(newest);
        } finally {
            writing.set(false);
            producer.join();
        }
        assertThat(written.get()).isPositive();
    }
}
