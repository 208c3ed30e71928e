package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.Catalog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in action is accepted with its required fields and rejected, precisely, without each of them. */
class CatalogIT {
    @TempDir
    static Path data;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<ActionSpec> actions() {
        return Catalog.standard().actions().stream();
    }

    static Stream<Arguments> requiredFields() {
        return Catalog.standard().actions().stream()
                .flatMap(spec -> spec.payload().keySet().stream().map(field -> Arguments.of(spec.action(), field)));
    }

    @Test
    void catalog_has35Actions() {
        assertThat(Catalog.standard().actions()).hasSize(35);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void post_builtInActionWithRequiredFields_isAccepted(ActionSpec spec) {
        TestServer.Reply reply = server.postAcme(Documents.json(Documents.valid(spec)));

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
    }

    @ParameterizedTest(name = "{0} without payload.{1}")
    @MethodSource("requiredFields")
    void post_builtInActionMissingField_isRejectedNamingIt(String action, String field) {
        Map<String, Object> event = new LinkedHashMap<>(
                Documents.valid(Catalog.standard().find(action).orElseThrow()));
        @SuppressWarnings("unchecked")
        var payload = new LinkedHashMap<>((Map<String, Object>) event.get("payload"));
        payload.remove(field);
        event.put("payload", payload);

        TestServer.Reply reply = server.postAcme(Documents.json(event));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/payload/" + field);
        assertThat(reply.json().get("errors").get(0).get("detail").asString())
                .startsWith("payload." + field + " is required for " + action);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void post_builtInActionWithWrongTargetType_isRejected(ActionSpec spec) {
        Map<String, Object> event = new LinkedHashMap<>(Documents.valid(spec));
        event.put("target", Map.of("type", "spaceship", "id", "x"));

        TestServer.Reply reply = server.postAcme(Documents.json(event));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").get(0).get("detail").asString())
                .isEqualTo("target.type must be " + spec.targetType() + " for " + spec.action() + ", not spaceship");
    }

    @Test
    void post_loginFailureWithSuccessOutcome_isRejected() {
        Map<String, Object> event = new LinkedHashMap<>(
                Documents.valid(Catalog.standard().find("auth.login.failure").orElseThrow()));
        event.put("outcome", "success");

        TestServer.Reply reply = server.postAcme(Documents.json(event));

        assertThat(reply.json().get("errors").get(0).get("detail").asString())
                .isEqualTo("outcome must be failure for auth.login.failure");
    }

    @Test
    void post_wrongFieldType_namesTheRule() {
        Map<String, Object> event = new LinkedHashMap<>(
                Documents.valid(Catalog.standard().find("auth.login.success").orElseThrow()));
        event.put("payload", Map.of("method", "carrier-pigeon", "email", "not-an-email"));

        TestServer.Reply reply = server.postAcme(Documents.json(event));

        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("detail").asString()))
                .containsExactly(
                        "payload.method must be one of [google, microsoft, password, sso, webauthn] for auth.login.success",
                        "payload.email must be an email address for auth.login.success");
    }
}
