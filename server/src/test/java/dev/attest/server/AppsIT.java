package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.event.Target;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Developer apps and the client credentials grant (RFC 6749 §4.4) end to end: an app is made through the API, gets
 * tokens at {@code /oauth/token} with either client authentication, uses them as {@code Bearer} on {@code /v1} within
 * their scopes and is recorded as actor {@code app}; a reset secret or a deleted app stops its tokens at once; every
 * refusal is the standard OAuth error.
 */
class AppsIT {
    private static final String EVENT =
            "{\"action\": \"document.view\", \"actor\": {\"type\": \"app\", \"id\": \"reporter\"}}";

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

    private String appsPath() {
        return "/v1/organizations/" + server.acmeId().value() + "/apps";
    }

    private TestServer.Reply call(String method, String path, String authorization, String body) {
        return server.call(method, path, authorization, body);
    }

    private JsonNode createApp(String scopes) {
        TestServer.Reply created = call(
                "POST",
                appsPath(),
                "Bearer " + server.acmeKey(),
                "{\"name\": \"Reporter\", \"scopes\": " + scopes + "}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.json();
    }

    private static String basic(String id, String secret) {
        String pair =
                URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private TestServer.Reply token(@Nullable String authorization, String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return server.send(request.build());
    }

    private static String id(JsonNode app) {
        return app.get("client_id").asString();
    }

    private static String secret(JsonNode app) {
        return app.get("client_secret").asString();
    }

    @Test
    void create_secretShownOnce_recordedWithNameAndClientId_neverTheSecret() {
        JsonNode app = createApp("[\"events:write\", \"events:read\"]");

        assertThat(app.get("id").asString()).startsWith("app_");
        assertThat(id(app)).startsWith("cli_");
        assertThat(secret(app)).startsWith("acs_");
        Event created = server.recorded("developer.app.create").getFirst();
        assertThat(created.actor().type().wire()).isEqualTo("api_key");
        Target target = Objects.requireNonNull(created.target());
        assertThat(target.type()).isEqualTo("app");
        assertThat(target.id()).isEqualTo(app.get("id").asString());
        assertThat(created.payload()).containsEntry("name", "Reporter").containsEntry("client_id", id(app));
        assertThat(created.toString()).doesNotContain(secret(app));
        assertThat(server.get(appsPath(), server.acmeKey()).raw().body())
                .contains(id(app))
                .doesNotContain(secret(app));
    }

    @Test
    void token_basicAndPost_usableAsBearerWithinItsScopes_noStore() {
        JsonNode app = createApp("[\"events:write\", \"events:read\"]");

        TestServer.Reply basic = token(basic(id(app), secret(app)), "grant_type=client_credentials");

        assertThat(basic.status()).as(basic.raw().body()).isEqualTo(200);
        assertThat(basic.header("Cache-Control")).isEqualTo("no-store");
        assertThat(basic.json().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(basic.json().get("expires_in").asLong()).isEqualTo(900);
        assertThat(basic.json().get("scope").asString()).isEqualTo("events:write events:read");
        String token = basic.json().get("access_token").asString();
        assertThat(server.post(server.acmeId(), token, EVENT).status()).isEqualTo(201);
        assertThat(server.get(server.eventsPath(server.acmeId()), token).status())
                .isEqualTo(200);

        TestServer.Reply post = token(
                null,
                "grant_type=client_credentials&scope=events%3Aread&client_id=" + id(app) + "&client_secret="
                        + secret(app));
        assertThat(post.status()).as(post.raw().body()).isEqualTo(200);
        assertThat(post.json().get("scope").asString()).isEqualTo("events:read");
        TestServer.Reply refused =
                server.post(server.acmeId(), post.json().get("access_token").asString(), EVENT);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("scope").asString()).isEqualTo("events:write");
        // Another organization's log is not the app's.
        assertThat(server.get(server.eventsPath(server.globex.organization().id()), token)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void adminToken_createsAKey_recordedWithActorApp() {
        JsonNode app = createApp("[\"admin\"]");
        String token = token(basic(id(app), secret(app)), "grant_type=client_credentials")
                .json()
                .get("access_token")
                .asString();

        TestServer.Reply created = call(
                "POST",
                "/v1/organizations/" + server.acmeId().value() + "/api-keys",
                "Bearer " + token,
                "{\"name\": \"made by an app\", \"scopes\": [\"admin\"]}");

        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        Event enabled = server.recorded("api.key.enable").getFirst();
        assertThat(enabled.actor().type().wire()).isEqualTo("app");
        assertThat(enabled.actor().id()).isEqualTo(app.get("id").asString());
        assertThat(enabled.actor().name()).isEqualTo("Reporter");
    }

    @Test
    void errors_areRfc6749s() {
        JsonNode app = createApp("[\"events:write\"]");

        TestServer.Reply wrongBasic = token(basic(id(app), "acs_wrong"), "grant_type=client_credentials");
        assertThat(wrongBasic.status()).isEqualTo(401);
        assertThat(wrongBasic.json().get("error").asString()).isEqualTo("invalid_client");
        assertThat(wrongBasic.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(wrongBasic.header("Cache-Control")).isEqualTo("no-store");

        TestServer.Reply wrongPost =
                token(null, "grant_type=client_credentials&client_id=" + id(app) + "&client_secret=acs_wrong");
        assertThat(wrongPost.status()).isEqualTo(401);
        assertThat(wrongPost.json().get("error").asString()).isEqualTo("invalid_client");

        String good = basic(id(app), secret(app));
        assertThat(token(good, "grant_type=password").json().get("error").asString())
                .isEqualTo("unsupported_grant_type");
        TestServer.Reply scope = token(good, "grant_type=client_credentials&scope=admin");
        assertThat(scope.status()).isEqualTo(400);
        assertThat(scope.json().get("error").asString()).isEqualTo("invalid_scope");
        assertThat(token(good, "scope=events%3Awrite").json().get("error").asString())
                .isEqualTo("invalid_request");
        assertThat(token(good, "grant_type=client_credentials&client_id=" + id(app))
                        .json()
                        .get("error")
                        .asString())
                .isEqualTo("invalid_request");
        assertThat(token(good, "grant_type=client_credentials&grant_type=client_credentials")
                        .json()
                        .get("error")
                        .asString())
                .isEqualTo("invalid_request");
    }

    @Test
    void resetSecret_oldSecretAndItsTokensStopAtOnce_recorded() {
        JsonNode app = createApp("[\"events:write\"]");
        String token = token(basic(id(app), secret(app)), "grant_type=client_credentials")
                .json()
                .get("access_token")
                .asString();

        TestServer.Reply reset =
                call("POST", appsPath() + "/" + app.get("id").asString() + "/secret", "Bearer " + server.acmeKey(), "");

        assertThat(reset.status()).as(reset.raw().body()).isEqualTo(200);
        String fresh = reset.json().get("client_secret").asString();
        assertThat(server.post(server.acmeId(), token, EVENT).status()).isEqualTo(401);
        assertThat(token(basic(id(app), secret(app)), "grant_type=client_credentials")
                        .status())
                .isEqualTo(401);
        assertThat(token(basic(id(app), fresh), "grant_type=client_credentials").status())
                .isEqualTo(200);
        assertThat(server.recorded("developer.app.resetSecret"))
                .singleElement()
                .satisfies(event -> assertThat(event.payload()).containsEntry("client_id", id(app)));
    }

    @Test
    void delete_tokensStop_andTheAppIsGone_recorded() {
        JsonNode app = createApp("[\"events:write\"]");
        String token = token(basic(id(app), secret(app)), "grant_type=client_credentials")
                .json()
                .get("access_token")
                .asString();

        TestServer.Reply deleted =
                call("DELETE", appsPath() + "/" + app.get("id").asString(), "Bearer " + server.acmeKey(), "");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(server.post(server.acmeId(), token, EVENT).status()).isEqualTo(401);
        assertThat(token(basic(id(app), secret(app)), "grant_type=client_credentials")
                        .status())
                .isEqualTo(401);
        assertThat(server.recorded("developer.app.delete"))
                .singleElement()
                .satisfies(event -> assertThat(event.payload())
                        .containsEntry("name", "Reporter")
                        .containsEntry("client_id", id(app)));
    }
}
