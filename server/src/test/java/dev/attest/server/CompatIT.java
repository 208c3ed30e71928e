package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WorkOS and Retraced compatible endpoints answer with those services' shapes, over the native ingest path. */
class CompatIT {
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

    String workos(String organization, String action) {
        return """
                {"organization_id": "%s", "event": {"action": "%s", "occurred_at": "2026-01-02T03:04:05.678Z",
                 "actor": {"type": "user", "id": "u1"}, "targets": [{"type": "team", "id": "t1"}],
                 "context": {"location": "203.0.113.7"}, "metadata": {"k": "v"}}}""".formatted(organization, action);
    }

    TestServer.Reply post(String path, String authorization, String body, String idempotencyKey) {
        var request = HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!idempotencyKey.isEmpty()) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return server.send(request.build());
    }

    long stored() {
        return server.get(server.eventsPath(server.acmeId()) + "?limit=100", server.acmeKey())
                .json()
                .get("data")
                .size();
    }

    @Test
    void workos_created_201Success_andIdempotencyKeyStoresOnce() {
        String body = workos(server.acmeId().value(), "user.signed_in");
        TestServer.Reply first = post("/audit_logs/events", "Bearer " + server.acmeKey(), body, "k1");
        TestServer.Reply again = post("/audit_logs/events", "Bearer " + server.acmeKey(), body, "k1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().toString()).isEqualTo("{\"success\":true}");
        assertThat(again.status()).isEqualTo(201);
        assertThat(stored()).isEqualTo(1);
    }

    @Test
    void workos_locationThatIsNotAnIpLiteral_201_keptInPayloadWorkosLocation() {
        int n = 0;
        for (String location : java.util.List.of("10.0.0", "fe80::1%en0", "1.2.3.4.5", "Berlin")) {
            String body = workos(server.acmeId().value(), "user.signed_in").replace("203.0.113.7", location);
            TestServer.Reply reply = post("/audit_logs/events", "Bearer " + server.acmeKey(), body, "loc-" + n++);

            assertThat(reply.status()).as(location).isEqualTo(201);
            var event = server.get(server.eventsPath(server.acmeId()) + "?limit=1", server.acmeKey())
                    .json()
                    .get("data")
                    .get(0);
            assertThat(event.get("payload").get("workos").get("location").asString())
                    .isEqualTo(location);
            assertThat(event.has("context")).isFalse();
        }
        TestServer.Reply ip = post(
                "/audit_logs/events",
                "Bearer " + server.acmeKey(),
                workos(server.acmeId().value(), "user.signed_in").replace("203.0.113.7", "2001:db8::1"),
                "loc-ip");
        assertThat(ip.status()).isEqualTo(201);
        assertThat(server.get(server.eventsPath(server.acmeId()) + "?limit=1", server.acmeKey())
                        .json()
                        .get("data")
                        .get(0)
                        .get("context")
                        .get("ip")
                        .asString())
                .isEqualTo("2001:db8::1");
    }

    @Test
    void workos_missingAction_422ValidationFailed() {
        String body = workos(server.acmeId().value(), "x").replace("\"action\": \"x\",", "");
        TestServer.Reply reply = post("/audit_logs/events", "Bearer " + server.acmeKey(), body, "");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("message").asString()).isEqualTo("Validation failed.");
        assertThat(reply.json().get("errors").get(0).get("code").asString()).isEqualTo("required");
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("event.action");
    }

    @Test
    void workos_keyOfAnotherOrganization_404OrganizationNotFound() {
        String other = server.globex.organization().id().value();
        TestServer.Reply reply = post("/audit_logs/events", "Bearer " + server.acmeKey(), workos(other, "a.b"), "");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("message").asString()).isEqualTo("Organization not found: '" + other + "'.");
    }

    @Test
    void workos_badTargetsOrUnknownKey_400InvalidAuditLogEvent_withInstancePaths() {
        String body = workos(server.acmeId().value(), "a.b")
                .replace("[{\"type\": \"team\", \"id\": \"t1\"}]", "\"none\"")
                .replace("\"metadata\": {\"k\": \"v\"}", "\"metadata\": {\"k\": \"v\"}, \"extra\": 1");
        TestServer.Reply reply = post("/audit_logs/events", "Bearer " + server.acmeKey(), body, "");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("code").asString()).isEqualTo("invalid_audit_log_event");
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("instancePath").asString()))
                .containsExactlyInAnyOrder("/extra", "/targets");
        assertThat(stored()).isZero();
    }

    @Test
    void workos_builtInActionWithoutItsPayload_400NamingTheMetadataField() {
        String body = workos(server.acmeId().value(), "group.create").replace("\"team\"", "\"group\"");
        TestServer.Reply reply = post("/audit_logs/events", "Bearer " + server.acmeKey(), body, "");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").get(0).get("instancePath").asString())
                .isEqualTo("/metadata/name");
    }

    @Test
    void workos_noKey_401() {
        TestServer.Reply reply =
                post("/audit_logs/events", "Bearer nope", workos(server.acmeId().value(), "a.b"), "");
        assertThat(reply.status()).isEqualTo(401);
    }

    String retraced(String project) {
        return "/publisher/v1/project/" + project + "/event";
    }

    @Test
    void retraced_event_201IdAndHash() {
        TestServer.Reply reply = post(
                retraced(server.acmeId().value()),
                "Token token=" + server.acmeKey(),
                "{\"action\": \"login\", \"crud\": \"c\", \"actor\": {\"id\": \"u1\"}}",
                "");

        assertThat(reply.status()).isEqualTo(201);
        String id = reply.json().get("id").asString();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(reply.json().get("hash").asString()).matches("[0-9a-f]{64}");
    }

    @Test
    void retraced_bulkWithOneBadEvent_400AndNothingStored() {
        TestServer.Reply reply = post(
                retraced(server.acmeId().value()) + "/bulk",
                "token=" + server.acmeKey(),
                "{\"events\": [{\"action\": \"a.b\", \"crud\": \"c\", \"actor\": {\"id\": \"u1\"}},"
                        + " {\"action\": \"a.b\", \"crud\": \"x\", \"actor\": {\"id\": \"u1\", \"age\": 3}}]}",
                "");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("pointer").asString()))
                .containsExactlyInAnyOrder("/events/1/crud", "/events/1/actor/age");
        assertThat(stored()).isZero();
    }

    @Test
    void retraced_projectOfAnotherOrganization_404_andNoToken_401() {
        String body = "{\"action\": \"a.b\", \"crud\": \"c\", \"actor\": {\"id\": \"u1\"}}";
        assertThat(post(retraced(server.globex.organization().id().value()), "token=" + server.acmeKey(), body, "")
                        .status())
                .isEqualTo(404);
        assertThat(post(retraced(server.acmeId().value()), "Bearer " + server.acmeKey(), body, "")
                        .status())
                .isEqualTo(401);
    }
}
