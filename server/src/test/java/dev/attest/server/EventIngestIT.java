package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class EventIngestIT {
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

    @Test
    void post_singleEvent_201WithIdAndSeq_andReadsBackWhole() {
        TestServer.Reply reply = server.postAcme(Documents.roleChange("evt-1"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("id").asString()).isEqualTo("evt-1");
        assertThat(reply.json().get("seq").asLong()).isEqualTo(1);
        assertThat(reply.json().get("status").asString()).isEqualTo("created");

        JsonNode event = server.get(server.eventsPath(server.acmeId()) + "/evt-1", server.acmeKey())
                .json();
        assertThat(event.get("organization_id").asString())
                .isEqualTo(server.acmeId().value());
        assertThat(event.get("seq").asLong()).isEqualTo(1);
        assertThat(event.get("action").asString()).isEqualTo("user.roleChange");
        assertThat(event.get("occurred_at").asString()).isEqualTo("2026-11-01T10:15:02.120Z");
        assertThat(event.get("received_at").asString()).isNotBlank();
        assertThat(event.get("actor").get("email").asString()).isEqualTo("ada@acme.test");
        assertThat(event.get("actor").get("role").asString()).isEqualTo("owner");
        assertThat(event.get("target").get("name").asString()).isEqualTo("Grace Hopper");
        assertThat(event.get("outcome").asString()).isEqualTo("success");
        assertThat(event.get("workspace").asString()).isEqualTo("default");
        assertThat(event.get("context").get("ip").asString()).isEqualTo("203.0.113.7");
        assertThat(event.get("payload").get("to").asString()).isEqualTo("admin");
    }

    @Test
    void post_batch_201WithOneResultPerEventInOrder() {
        String batch = "[" + Documents.roleChange("a") + "," + Documents.roleChange("b") + ","
                + Documents.roleChange("c") + "]";

        TestServer.Reply reply = server.postAcme(batch);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json()
                        .get("data")
                        .valueStream()
                        .map(n -> n.get("id").asString() + "@" + n.get("seq").asLong()))
                .containsExactly("a@1", "b@2", "c@3");
    }

    @Test
    void post_withoutId_serverAssignsOne() {
        String body = Documents.json(Map.of(
                "action", "auth.logout",
                "actor", Map.of("type", "member", "id", "usr_1"),
                "target", Map.of("type", "user", "id", "usr_1")));

        TestServer.Reply reply = server.postAcme(body);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("id").asString()).startsWith("evt_").hasSize(30);
    }

    @Test
    void post_sameIdAgain_returnsOriginalSeqAndStoresOnce() {
        server.postAcme(Documents.roleChange("once"));
        server.postAcme(Documents.roleChange("other"));

        TestServer.Reply again = server.postAcme(Documents.roleChange("once"));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("seq").asLong()).isEqualTo(1);
        assertThat(again.json().get("status").asString()).isEqualTo("duplicate");
        assertThat(server.storage.events().size(server.acmeId())).isEqualTo(2);
    }

    @Test
    void post_concurrentRetriesOfOneEvent_storeItOnceAndAnswerTheSameSeq() throws Exception {
        server.postAcme(Documents.roleChange("first"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            var tasks = new ArrayList<Callable<TestServer.Reply>>();
            for (int i = 0; i < 32; i++) {
                tasks.add(() -> server.postAcme(Documents.roleChange("retried")));
            }
            var replies = new ArrayList<TestServer.Reply>();
            for (Future<TestServer.Reply> reply : pool.invokeAll(tasks)) {
                replies.add(reply.get());
            }
            assertThat(replies).extracting(r -> r.json().get("seq").asLong()).containsOnly(2L);
            assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(1);
            assertThat(replies).filteredOn(r -> r.status() == 200).hasSize(31);
            assertThat(server.storage.events().size(server.acmeId())).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void post_concurrentProducers_gapFreeSeq() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            var tasks = new ArrayList<Callable<TestServer.Reply>>();
            for (int i = 0; i < 64; i++) {
                String id = "p" + i;
                tasks.add(() -> server.postAcme(Documents.roleChange(id)));
            }
            var seqs = new ArrayList<Long>();
            for (Future<TestServer.Reply> reply : pool.invokeAll(tasks)) {
                assertThat(reply.get().status()).isEqualTo(201);
                seqs.add(reply.get().json().get("seq").asLong());
            }
            assertThat(seqs)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, 64)
                            .boxed()
                            .toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void post_batchWithOneBadEvent_rejectsAllAndStoresNothing() {
        String bad = Documents.json(Map.of(
                "id",
                "bad",
                "action",
                "auth.login.failure",
                "actor",
                Map.of("type", "unknown"),
                "payload",
                Map.of("email", "x@acme.test")));
        String batch = "[" + Documents.roleChange("good-1") + "," + bad + "," + Documents.roleChange("good-2") + "]";

        TestServer.Reply reply = server.postAcme(batch);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.json().get("type").asString()).isEqualTo("urn:attest:problem:invalid-event");
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("pointer").asString() + " "
                                + e.get("detail").asString()))
                .containsExactly(
                        "/1/payload/reason [1].payload.reason is required for auth.login.failure (a non-empty string)");
        assertThat(server.storage.events().size(server.acmeId())).isZero();
        assertThat(server.get(server.eventsPath(server.acmeId()), server.acmeKey())
                        .json()
                        .get("data")
                        .size())
                .isZero();
    }

    @Test
    void post_eventBreakingManyRules_listsEveryProblem() {
        String body = Documents.json(Map.of(
                "action", "User.RoleChange",
                "occurred_at", "2999-01-01T00:00:00Z",
                "actor", Map.of("type", "robot", "nickname", "R2"),
                "outcome", "maybe",
                "workspace", "Prod Env",
                "context", Map.of("ip", "10.0.0.300"),
                "seq", 7,
                "colour", "red"));

        TestServer.Reply reply = server.postAcme(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("pointer").asString()))
                .contains(
                        "/action",
                        "/occurred_at",
                        "/actor/type",
                        "/actor/nickname",
                        "/outcome",
                        "/workspace",
                        "/context/ip",
                        "/seq",
                        "/colour");
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("detail").asString()))
                .contains(
                        "seq is assigned by the server and must not be sent",
                        "context.ip must be an IPv4 or IPv6 address",
                        "occurred_at lies more than 5 minutes in the future");
    }

    @Test
    void post_oversizedEvent_isRejectedNamingTheLimit() {
        String body = Documents.json(Map.of(
                "action", "custom.bigThing",
                "actor", Map.of("type", "system"),
                "payload", Map.of("blob", "x".repeat(40_000))));

        TestServer.Reply reply = server.postAcme(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").get(0).get("detail").asString()).contains("at most 32768 are allowed");
    }

    @Test
    void post_tooLargeBatch_isRejected() {
        var batch = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            batch.append(i == 0 ? "" : ",").append(Documents.roleChange("b" + i));
        }
        TestServer.Reply reply = server.postAcme(batch.append("]").toString());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("detail").asString()).contains("at most 1000 events");
        assertThat(server.storage.events().size(server.acmeId())).isZero();
    }

    @Test
    void post_invalidJson_400WithParserMessage() {
        assertThat(server.postAcme("{\"action\": ").json().get("type").asString())
                .isEqualTo("urn:attest:problem:invalid-json");
        assertThat(server.postAcme("{\"action\":\"a.b\",\"action\":\"c.d\"}")
                        .json()
                        .get("detail")
                        .asString())
                .contains("Duplicate");
        assertThat(server.postAcme("[]").json().get("detail").asString()).contains("no event");
        assertThat(server.postAcme("42").status()).isEqualTo(400);
    }

    @Test
    void post_notJson_415() {
        TestServer.Reply reply =
                server.send(java.net.http.HttpRequest.newBuilder(server.uri(server.eventsPath(server.acmeId())))
                        .header("Authorization", "Bearer " + server.acmeKey())
                        .header("Content-Type", "text/plain")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Documents.roleChange("x")))
                        .build());

        assertThat(reply.status()).isEqualTo(415);
    }

    @Test
    void post_hugeIntegerInPayload_isRejectedAsInexact() {
        String body =
                "{\"action\":\"custom.thing\",\"actor\":{\"type\":\"system\"},\"payload\":{\"n\":9007199254740993}}";

        TestServer.Reply reply = server.postAcme(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/payload/n");
    }

    @Test
    void post_customActionAndTypes_acceptedAsSent() {
        String body = Documents.json(Map.of(
                "id",
                "c1",
                "action",
                "billing.invoice.paid",
                "actor",
                Map.of("type", "app", "id", "app_billing"),
                "target",
                Map.of("type", "invoice", "id", "inv_1"),
                "outcome",
                "failure",
                "workspace",
                "production",
                "context",
                Map.of("ip", "2001:db8::7"),
                "payload",
                Map.of("amount", 12.5, "items", List.of(1, 2, 3), "nested", Map.of("ok", true))));

        assertThat(server.postAcme(body).status()).isEqualTo(201);
        JsonNode event = server.get(server.eventsPath(server.acmeId()) + "/c1", server.acmeKey())
                .json();
        assertThat(event.get("payload").get("amount").asDouble()).isEqualTo(12.5);
        assertThat(event.get("payload").get("items").size()).isEqualTo(3);
        assertThat(event.get("outcome").asString()).isEqualTo("failure");
        assertThat(event.get("context").get("ip").asString()).isEqualTo("2001:db8::7");
    }
}
