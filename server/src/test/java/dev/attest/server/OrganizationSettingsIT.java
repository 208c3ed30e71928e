package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Outcome;
import dev.attest.core.member.Role;
import dev.attest.core.org.Organization;
import dev.attest.server.console.Accounts;
import dev.attest.testing.TestClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code PATCH /v1/organizations/{org}}: renaming the organization and requiring MFA are stored and recorded together,
 * with the organization's API key as actor; an admin is refused and the refusal recorded; bad bodies change nothing.
 */
class OrganizationSettingsIT {
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

    private String path() {
        return "/v1/organizations/" + server.acmeId().value();
    }

    private TestServer.Reply patch(String body) {
        return server.send(HttpRequest.newBuilder(server.uri(path()))
                .header("Authorization", "Bearer " + server.acmeKey())
                .header("Content-Type", "application/json")
                .header("User-Agent", "attest-it/1.0")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private Organization acme() {
        return server.storage.organizations().find(server.acmeId()).orElseThrow();
    }

    @Test
    void rename_withKey_renamesAndRecordsOrgChangeName() {
        TestServer.Reply reply = patch("{\"name\": \"  Acme <Corp>  \"}");

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json().get("name").asString()).isEqualTo("Acme <Corp>");
        assertThat(acme().name()).isEqualTo("Acme <Corp>");
        JsonNode event = server.get(path() + "/events?action=org.changeName", server.acmeKey())
                .json()
                .get("data")
                .get(0);
        assertThat(event.get("actor").get("type").asString()).isEqualTo("api_key");
        assertThat(event.get("target").get("type").asString()).isEqualTo("organization");
        assertThat(event.get("target").get("id").asString())
                .isEqualTo(server.acmeId().value());
        assertThat(event.get("payload").get("from").asString()).isEqualTo("Acme");
        assertThat(event.get("payload").get("to").asString()).isEqualTo("Acme <Corp>");
        assertThat(event.get("context").get("user_agent").asString()).isEqualTo("attest-it/1.0");
        KeyActor.assertDoneByAcmeKey(
                server,
                server.recorded("org.changeName").getFirst(),
                "organization",
                server.acmeId().value());
    }

    @Test
    void requireMfa_withKey_setsAndRecordsOrgRequireMfa_andTheSameValueRecordsNothing() {
        assertThat(patch("{\"require_mfa\": true}").status()).isEqualTo(200);
        assertThat(patch("{\"require_mfa\": true}").status()).isEqualTo(200);

        assertThat(acme().requireMfa()).isTrue();
        assertThat(server.recorded("org.requireMfa")).singleElement().satisfies(event -> {
            assertThat(event.payload())
                    .containsEntry("enabled", true)
                    .containsEntry("from", false)
                    .containsEntry("to", true);
            KeyActor.assertDoneByAcmeKey(
                    server, event, "organization", server.acmeId().value());
        });
        assertThat(server.get(path(), server.acmeKey())
                        .json()
                        .get("require_mfa")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void badBodies_400NamingEachField_andNothingChanges() {
        TestServer.Reply reply = patch("{\"name\": \"   \", \"require_mfa\": \"yes\", \"owner\": 1}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("pointer").asString()))
                .containsExactlyInAnyOrder("/name", "/require_mfa", "/owner");
        assertThat(patch("{\"name\": \"" + "x".repeat(201) + "\"}")
                        .json()
                        .get("detail")
                        .asString())
                .isEqualTo("name must be at most 200 characters");
        assertThat(patch("{\"name\": \"a\\u0007b\"}").status()).isEqualTo(400);
        assertThat(acme().name()).isEqualTo("Acme");
        assertThat(server.recorded("org.changeName")).isEmpty();
    }

    @Test
    void admin_isRefused403_andTheRefusalIsRecorded() {
        Accounts.Created grace = new Accounts(server.storage, TestClock.clock())
                .createMember(server.acmeId(), "grace@acme.test", "Grace Hopper", Role.ADMIN);
        var browser = new ConsoleSession(server);
        String csrf = ConsoleSession.csrfOf(browser.get(
                        browser.signIn("grace@acme.test", grace.password(), "").header("Location"))
                .raw()
                .body());

        TestServer.Reply reply = browser.post(
                "/orgs/" + server.acmeId().value() + "/settings",
                Map.of("csrf", csrf, "setting", "name", "name", "Grace's Acme"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(acme().name()).isEqualTo("Acme");
        assertThat(server.recorded("org.changeName")).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(event.actor().email()).isEqualTo("grace@acme.test");
            assertThat(event.payload()).containsEntry("to", "Grace's Acme").containsEntry("reason", "forbidden");
        });
    }
}
