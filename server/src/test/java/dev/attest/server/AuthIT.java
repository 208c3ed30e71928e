package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication and isolation between organizations, tested from the outside. */
class AuthIT {
    @TempDir
    Path data;

    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(data);
        server.postAcme(Documents.roleChange("acme-secret"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void request_withoutKey_401WithChallenge() {
        TestServer.Reply reply = server.send(HttpRequest.newBuilder(server.uri(server.eventsPath(server.acmeId())))
                .GET()
                .build());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(reply.json().get("type").asString()).isEqualTo("urn:attest:problem:unauthorized");
    }

    @Test
    void request_wrongKey_401() {
        assertThat(server.get(server.eventsPath(server.acmeId()), "atk_wrong").status())
                .isEqualTo(401);
        assertThat(server.post(server.acmeId(), "atk_wrong", Documents.roleChange("x"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void otherOrganizationsKey_cannotReadOrWrite_404() {
        String globexKey = server.globex.apiKey().secret();
        String acmeEvents = server.eventsPath(server.acmeId());

        assertThat(server.get(acmeEvents, globexKey).status()).isEqualTo(404);
        assertThat(server.get(acmeEvents + "/acme-secret", globexKey).status()).isEqualTo(404);
        assertThat(server.post(server.acmeId(), globexKey, Documents.roleChange("intruder"))
                        .status())
                .isEqualTo(404);
        // Its own log does not hold Acme's events, even when asked by id.
        String globexEvents = server.eventsPath(server.globex.organization().id());
        assertThat(server.get(globexEvents + "/acme-secret", globexKey).status())
                .isEqualTo(404);
        assertThat(server.get(globexEvents, globexKey).json().get("data").size())
                .isZero();
        assertThat(server.storage.events().size(server.acmeId())).isEqualTo(1);
    }

    @Test
    void unknownOrganization_404LikeAForeignOne() {
        TestServer.Reply reply = server.get("/v1/organizations/org_nothere/events", server.acmeKey());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("detail").asString()).isEqualTo("organization org_nothere not found");
    }

    @Test
    void everyResponse_carriesARequestId_echoingASaneOne() {
        TestServer.Reply ok = server.get(server.eventsPath(server.acmeId()), server.acmeKey());
        TestServer.Reply failed = server.get(server.eventsPath(server.acmeId()), "atk_wrong");
        TestServer.Reply echoed = server.send(HttpRequest.newBuilder(server.uri("/health/live"))
                .header("X-Request-Id", "producer-req-42")
                .build());
        TestServer.Reply insane = server.send(HttpRequest.newBuilder(server.uri("/health/live"))
                .header("X-Request-Id", "<script>")
                .build());

        assertThat(ok.header("X-Request-Id")).startsWith("req_");
        assertThat(failed.header("X-Request-Id"))
                .isEqualTo(failed.json().get("request_id").asString());
        assertThat(echoed.header("X-Request-Id")).isEqualTo("producer-req-42");
        assertThat(insane.header("X-Request-Id")).startsWith("req_");
    }
}
