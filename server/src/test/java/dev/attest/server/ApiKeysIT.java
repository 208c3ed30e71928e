package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.event.Outcome;
import dev.attest.core.member.Role;
import dev.attest.core.org.ApiKey;
import dev.attest.core.store.StoredApiKey;
import dev.attest.server.console.Accounts;
import dev.attest.testing.TestClock;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Several named API keys with scopes, through {@code /v1/organizations/{org}/api-keys} and the console: each change is
 * in the log with its actor, a regenerated or revoked key stops on the next request, and the key itself is shown once
 * and never recorded.
 */
class ApiKeysIT {
    private static final String EVENT =
            "{\"action\": \"document.view\", \"actor\": {\"type\": \"api_key\", \"id\": \"svc\"}}";

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

    private String keysPath() {
        return "/v1/organizations/" + server.acmeId().value() + "/api-keys";
    }

    private TestServer.Reply call(String method, String path, String key, String body) {
        return server.call(method, path, "Bearer " + key, body);
    }

    private TestServer.Reply create(String key, String name, String scopes) {
        return call("POST", keysPath(), key, "{\"name\": \"" + name + "\", \"scopes\": " + scopes + "}");
    }

    private String firstKeyId() {
        return server.storage
                .apiKeys()
                .findByHash(server.acme.apiKey().hash())
                .orElseThrow()
                .id();
    }

    @Test
    void create_writeOnlyKey_shownOnceRecordedWithItsPrefix_andLimitedToItsScope() {
        TestServer.Reply created = create(server.acmeKey(), "billing producer", "[\"events:write\"]");

        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String key = created.json().get("key").asString();
        String id = created.json().get("id").asString();
        assertThat(key).startsWith("atk_");
        assertThat(created.json().get("scopes").get(0).asString()).isEqualTo("events:write");
        assertThat(created.json().get("key_prefix").asString()).isEqualTo(key.substring(0, 10));
        Event enabled = server.recorded("api.key.enable").getFirst();
        assertThat(enabled.actor().type().wire()).isEqualTo("api_key");
        assertThat(enabled.actor().id()).isEqualTo(firstKeyId());
        assertThat(Objects.requireNonNull(enabled.target()).type()).isEqualTo("organization");
        assertThat(enabled.payload())
                .containsEntry("key_prefix", key.substring(0, 10))
                .containsEntry("key_id", id);
        assertThat(server.get(server.eventsPath(server.acmeId()), server.acmeKey())
                        .raw()
                        .body())
                .contains(key.substring(0, 10))
                .doesNotContain(key);

        assertThat(server.post(server.acmeId(), key, EVENT).status()).isEqualTo(201);
        TestServer.Reply read = server.get(server.eventsPath(server.acmeId()), key);
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(read.json().get("type").asString()).isEqualTo("urn:attest:problem:missing-scope");
        assertThat(read.json().get("scope").asString()).isEqualTo("events:read");
        assertThat(read.json().get("detail").asString()).contains("events:read");
        // The list never shows a key, only its prefix.
        TestServer.Reply list = server.get(keysPath(), server.acmeKey());
        assertThat(list.raw().body()).doesNotContain(key).contains(key.substring(0, 10));
        assertThat(list.json().get("data"))
                .extracting(n -> n.get("name").asString())
                .containsExactly(StoredApiKey.FIRST_KEY_NAME, "billing producer");
    }

    @Test
    void regenerate_oldKeyStopsOnTheNextRequest_newOneWorks_recorded() {
        String key = create(server.acmeKey(), "ci", "[\"events:write\", \"events:read\"]")
                .json()
                .get("key")
                .asString();
        String id = server.storage
                .apiKeys()
                .findByHash(ApiKey.hash(key))
                .orElseThrow()
                .id();
        // Used once, so that the cache holds it.
        assertThat(server.post(server.acmeId(), key, EVENT).status()).isEqualTo(201);

        TestServer.Reply regenerated = call("POST", keysPath() + "/" + id + "/regenerate", server.acmeKey(), "");

        assertThat(regenerated.status()).as(regenerated.raw().body()).isEqualTo(200);
        String fresh = regenerated.json().get("key").asString();
        assertThat(regenerated.json().get("id").asString()).isEqualTo(id);
        assertThat(fresh).isNotEqualTo(key);
        assertThat(server.post(server.acmeId(), key, EVENT).status()).isEqualTo(401);
        assertThat(server.post(server.acmeId(), fresh, EVENT).status()).isEqualTo(201);
        Event event = server.recorded("api.key.regenerate").getFirst();
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.payload())
                .containsEntry("key_prefix", fresh.substring(0, 10))
                .containsEntry("previous_key_prefix", key.substring(0, 10));
    }

    @Test
    void revoke_keyStopsAtOnce_andIsListedNoMore_recorded() {
        String key = create(server.acmeKey(), "old", "[\"events:write\"]")
                .json()
                .get("key")
                .asString();
        String id = server.storage
                .apiKeys()
                .findByHash(ApiKey.hash(key))
                .orElseThrow()
                .id();
        assertThat(server.post(server.acmeId(), key, EVENT).status()).isEqualTo(201);

        TestServer.Reply revoked = call("DELETE", keysPath() + "/" + id, server.acmeKey(), "");

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(server.post(server.acmeId(), key, EVENT).status()).isEqualTo(401);
        assertThat(server.get(keysPath(), server.acmeKey()).raw().body()).doesNotContain(id);
        assertThat(server.recorded("api.key.revoke"))
                .singleElement()
                .satisfies(event -> assertThat(event.payload())
                        .containsEntry("key_id", id)
                        .containsEntry("key_prefix", key.substring(0, 10)));
        assertThat(call("DELETE", keysPath() + "/" + id, server.acmeKey(), "").status())
                .isEqualTo(404);
    }

    @Test
    void use_recordsWhenAndFromWhere_shownInTheList() {
        Instant before = TestClock.now().truncatedTo(ChronoUnit.MICROS);
        server.post(server.acmeId(), server.acmeKey(), EVENT);
        Instant after = TestClock.now();

        JsonNode first =
                server.get(keysPath(), server.acmeKey()).json().get("data").get(0);

        assertThat(Instant.parse(first.get("last_used_at").asString())).isBetween(before, after);
        assertThat(first.get("last_used_ip").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void create_brokenBody_400NamingEveryFieldAndNothingIsMade() {
        TestServer.Reply reply = create(server.acmeKey(), " ", "[\"events:write\", \"events:delete\"]");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors"))
                .extracting(n -> n.get("pointer").asString())
                .containsExactlyInAnyOrder("/name", "/scopes/1");
        assertThat(server.storage.apiKeys().list(server.acmeId())).hasSize(1);
        assertThat(server.recorded("api.key.enable")).isEmpty();
        assertThat(call("POST", keysPath(), server.acmeKey(), "{\"name\": \"x\", \"scopes\": []}")
                        .json()
                        .get("errors")
                        .get(0)
                        .get("pointer")
                        .asString())
                .isEqualTo("/scopes");
    }

    @Test
    void create_byAnAdminKeyWithoutRead_mayNotGrantRead() {
        String admin = create(server.acmeKey(), "admin only", "[\"admin\"]")
                .json()
                .get("key")
                .asString();

        TestServer.Reply reply = create(admin, "reader", "[\"events:read\"]");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("type").asString()).isEqualTo("urn:attest:problem:scope-escalation");
        assertThat(create(admin, "another admin", "[\"admin\"]").status()).isEqualTo(201);
    }

    @Test
    void keyOfAnotherOrganization_404_andNothingIsTouched() {
        String id = firstKeyId();

        TestServer.Reply reply =
                call("DELETE", keysPath() + "/" + id, server.globex.apiKey().secret(), "");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(server.post(server.acmeId(), server.acmeKey(), EVENT).status())
                .isEqualTo(201);
    }

    @Test
    void console_ownerCreatesRegeneratesAndRevokes_recordedAsTheMember() {
        var accounts = new Accounts(server.storage, TestClock.clock());
        Accounts.Created owner = accounts.createMember(server.acmeId(), "owner@acme.test", "Olga", Role.OWNER);
        var browser = new ConsoleSession(server);
        String csrf = browser.signInAs(owner.member().email(), owner.password());
        String page = "/orgs/" + server.acmeId().value() + "/api-keys";

        TestServer.Reply created = browser.post(page, Map.of("csrf", csrf, "name", "SIEM", "scope-events:read", "on"));

        assertThat(created.status()).as(created.raw().body()).isEqualTo(200);
        String shown = created.raw().body().replaceAll("(?s).*id=\"issued-key\">([^<]+)<.*", "$1");
        assertThat(shown).startsWith("atk_");
        assertThat(server.get(server.eventsPath(server.acmeId()), shown).status())
                .isEqualTo(200);
        assertThat(browser.get(page).raw().body()).doesNotContain(shown).contains("SIEM");
        String id = server.storage
                .apiKeys()
                .findByHash(ApiKey.hash(shown))
                .orElseThrow()
                .id();
        TestServer.Reply regenerated =
                browser.post(page + "/" + id, Map.of("csrf", csrf, "action", "regenerate", "confirm", "yes"));
        assertThat(regenerated.status()).isEqualTo(200);
        assertThat(server.get(server.eventsPath(server.acmeId()), shown).status())
                .isEqualTo(401);
        TestServer.Reply revoked =
                browser.post(page + "/" + id, Map.of("csrf", csrf, "action", "revoke", "confirm", "yes"));
        assertThat(revoked.status()).isEqualTo(303);

        for (String action : List.of("api.key.enable", "api.key.regenerate", "api.key.revoke")) {
            assertThat(server.recorded(action)).as(action).singleElement().satisfies(event -> {
                assertThat(event.actor().type().wire()).isEqualTo("member");
                assertThat(event.actor().email()).isEqualTo("owner@acme.test");
            });
        }
    }
}
