package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.Outcome;
import dev.attest.core.member.Role;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Organization;
import dev.attest.core.org.Scope;
import dev.attest.core.store.StoredApp;
import dev.attest.server.console.Accounts;
import dev.attest.testing.TestClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /v1/organizations/{org}} and the settings page's danger zone (ADR 0010): only an owner or a super-user
 * deletes, after typing the name; {@code org.delete} is the log's last event; at once nothing authenticates into the
 * organization any more, while super-users still read its log through the console and {@code /v1}.
 */
class OrganizationDeleteIT {
    private static final String AGENT = "attest-delete-it/1.0";

    @TempDir
    Path data;

    TestServer server;
    Accounts accounts;
    Accounts.Created owner;
    Accounts.Created admin;

    @BeforeEach
    void start() {
        server = new TestServer(data);
        accounts = new Accounts(server.storage, TestClock.clock());
        owner = accounts.createMember(server.acmeId(), "owner@acme.test", "Olive Owner", Role.OWNER);
        admin = accounts.createMember(server.acmeId(), "admin@acme.test", "Adam Admin", Role.ADMIN);
        assertThat(server.postAcme(
                                "{\"action\": \"document.view\", \"actor\": {\"type\": \"api_key\", \"id\": \"svc\"}}")
                        .status())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String path() {
        return "/v1/organizations/" + server.acmeId().value();
    }

    private Organization acme() {
        return server.storage.organizations().find(server.acmeId()).orElseThrow();
    }

    /** A DELETE with a body, from a browser that names no agent of its own (a copied DELETE request loses its body). */
    private TestServer.Reply delete(ConsoleSession browser, String csrf, String path, String body) {
        return browser.send(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/json")
                .header("User-Agent", AGENT)
                .header(Callers.CSRF_HEADER, csrf)
                .header("Origin", browser.origin())
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** The body of a reply to a browser, which leaves it unparsed. */
    private static JsonNode json(TestServer.Reply reply) {
        return Json.MAPPER.readTree(reply.raw().body());
    }

    /** Acme's log, oldest first. */
    private List<Event> log() {
        var events = new java.util.ArrayList<Event>();
        server.storage.events().scan(server.acmeId(), 1, Long.MAX_VALUE, events::add);
        return events;
    }

    @Test
    void delete_withApiKey_isRefused403_andRecordedWithTheKeyAsActor() {
        TestServer.Reply reply = server.send(HttpRequest.newBuilder(server.uri(path()))
                .header("Authorization", "Bearer " + server.acmeKey())
                .header("Content-Type", "application/json")
                .header("User-Agent", AGENT)
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"confirm\": \"Acme\"}"))
                .build());

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(403);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.json().get("detail").asString()).contains("no API credential may do this");
        assertThat(acme().deleted()).isFalse();
        String keyId = server.storage
                .apiKeys()
                .findByHash(server.acme.apiKey().hash())
                .orElseThrow()
                .id();
        assertThat(server.recorded("org.delete")).singleElement().satisfies(event -> {
            // No key may delete an organization (ADR 0010): the attempt is the key's, recorded as a failure.
            KeyActor.assertDoneByAcmeKey(
                    server, event, "organization", server.acmeId().value(), AGENT, Outcome.FAILURE);
            assertThat(event.actor().id()).isEqualTo(keyId);
            assertThat(event.payload()).containsEntry("name", "Acme").containsEntry("reason", "missing-scope");
        });
        // The key still works: nothing was deleted.
        assertThat(server.get(path(), server.acmeKey()).status()).isEqualTo(200);
    }

    @Test
    void delete_ownerTypesAnotherName_400NamingConfirm_andNothingChanges() {
        var browser = new ConsoleSession(server);
        String csrf = browser.signInAs("owner@acme.test", owner.password());

        TestServer.Reply wrong = delete(browser, csrf, path(), "{\"confirm\": \"acme\"}");
        TestServer.Reply missing = delete(browser, csrf, path(), "{}");
        TestServer.Reply page = browser.post(
                "/orgs/" + server.acmeId().value() + "/settings",
                Map.of("csrf", csrf, "setting", "delete", "confirm", "Acme Inc"));

        assertThat(wrong.status()).as(wrong.raw().body()).isEqualTo(400);
        assertThat(json(wrong).get("errors").get(0).get("pointer").asString()).isEqualTo("/confirm");
        assertThat(json(wrong).get("detail").asString()).contains("confirm must be the organization's name");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.raw().body()).contains("Confirm: type the organization's name exactly");
        assertThat(acme().deleted()).isFalse();
        assertThat(server.recorded("org.delete")).isEmpty();
    }

    @Test
    void delete_byOwner_isTheLogsLastEvent_endsEveryWayIn_andSuperUsersStillReadTheLog() {
        var ownerBrowser = new ConsoleSession(server);
        String ownerCsrf = ownerBrowser.signInAs("owner@acme.test", owner.password());
        var adminBrowser = new ConsoleSession(server);
        adminBrowser.signInAs("admin@acme.test", admin.password());
        String appSecretless = "app_doomed";
        server.storage
                .apps()
                .create(
                        new StoredApp(
                                appSecretless,
                                server.acmeId(),
                                "Doomed",
                                "cli_doomed",
                                Set.of(Scope.EVENTS_READ),
                                TestClock.now()),
                        ApiKey.generate(new SecureRandom()).hash());
        var superUser = Objects.requireNonNull(accounts.ensureSuperUser("root@attest.test", null));
        var rootBrowser = new ConsoleSession(server);
        rootBrowser.signInAs("root@attest.test", superUser.password());

        TestServer.Reply deleted = delete(ownerBrowser, ownerCsrf, path(), "{\"confirm\": \"Acme\"}");

        assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(200);
        assertThat(json(deleted).has("deleted_at")).as(deleted.raw().body()).isTrue();
        assertThat(acme().deleted()).isTrue();
        List<Event> log = log();
        Event last = log.getLast();
        assertThat(last.action()).isEqualTo("org.delete");
        assertThat(last.seq()).isEqualTo(server.storage.events().size(server.acmeId()));
        assertThat(last.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(last.actor().type()).isEqualTo(ActorType.MEMBER);
        assertThat(last.actor().email()).isEqualTo("owner@acme.test");
        assertThat(last.actor().role()).isEqualTo("owner");
        assertThat(last.payload()).containsEntry("name", "Acme");
        assertThat(last.context().userAgent()).isEqualTo(AGENT);
        assertThat(last.context().ip()).isEqualTo("127.0.0.1");

        // Nothing authenticates into it any more: its key, its members' sessions, their passwords, its apps.
        assertThat(server.get(path() + "/events", server.acmeKey()).status()).isEqualTo(401);
        TestServer.Reply ingest =
                server.postAcme("{\"action\": \"document.view\", \"actor\": {\"type\": \"api_key\"}}");
        assertThat(ingest.status()).isEqualTo(401);
        assertThat(ingest.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(ownerBrowser.get(path()).status()).isEqualTo(401);
        assertThat(adminBrowser.get(path() + "/members").status()).isEqualTo(401);
        assertThat(adminBrowser.get("/orgs/" + server.acmeId().value() + "/log").status())
                .isEqualTo(303);
        TestServer.Reply signIn = new ConsoleSession(server).signIn("admin@acme.test", admin.password(), "");
        assertThat(signIn.status()).isEqualTo(401);
        // Its apps are closed with it.
        assertThat(server.storage.apps().find(server.acmeId(), appSecretless)).isEmpty();
        // The failed sign-in is recorded outside the closed log.
        assertThat(log()).hasSize(log.size());

        // A super-user still reads it, in the console and through /v1, and exports it; a write is refused.
        TestServer.Reply page = rootBrowser.get("/orgs/" + server.acmeId().value() + "/log");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("org.delete");
        TestServer.Reply events = rootBrowser.get(path() + "/events?action=org.delete");
        assertThat(events.status()).as(events.raw().body()).isEqualTo(200);
        JsonNode event = json(events).get("data").get(0);
        assertThat(event.get("actor").get("email").asString()).isEqualTo("owner@acme.test");
        assertThat(rootBrowser.get(path() + "/events/" + last.id().value()).status())
                .isEqualTo(200);
        assertThat(rootBrowser.get("/orgs").raw().body()).contains("Acme (deleted)");
        String rootCsrf = ConsoleSession.csrfOf(page.raw().body());
        TestServer.Reply export =
                rootBrowser.post("/orgs/" + server.acmeId().value() + "/export.jsonl", Map.of("csrf", rootCsrf));
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.raw().body()).contains("\"org.delete\"");
        assertThat(log()).hasSize(log.size());
        TestServer.Reply rename = rootBrowser.send(HttpRequest.newBuilder(server.uri(path()))
                .header("Content-Type", "application/json")
                .header(Callers.CSRF_HEADER, rootCsrf)
                .header("Origin", rootBrowser.origin())
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\": \"Acme again\"}"))
                .build());
        assertThat(rename.status()).isEqualTo(409);
        assertThat(json(rename).get("type").asString()).endsWith("organization-deleted");
        assertThat(acme().name()).isEqualTo("Acme");
        assertThat(delete(rootBrowser, rootCsrf, path(), "{\"confirm\": \"Acme\"}")
                        .status())
                .isEqualTo(409);
        assertThat(rootBrowser
                        .post(
                                "/orgs/" + server.acmeId().value() + "/settings",
                                Map.of("csrf", rootCsrf, "setting", "name", "name", "Acme again"))
                        .status())
                .isEqualTo(409);

        // Globex is untouched.
        assertThat(server.get(
                                "/v1/organizations/"
                                        + server.globex.organization().id().value() + "/events",
                                server.globex.apiKey().secret())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void delete_throughTheSettingsPage_signsTheOwnerOutAndSaysWhatHappened() {
        var browser = new ConsoleSession(server, AGENT);
        String csrf = browser.signInAs("owner@acme.test", owner.password());
        TestServer.Reply settings = browser.get("/orgs/" + server.acmeId().value() + "/settings");
        assertThat(settings.raw().body()).contains("Delete organization").contains("name=\"confirm\"");
        var adminBrowser = new ConsoleSession(server);
        adminBrowser.signInAs("admin@acme.test", admin.password());
        assertThat(adminBrowser
                        .get("/orgs/" + server.acmeId().value() + "/settings")
                        .raw()
                        .body())
                .doesNotContain("Delete organization");

        TestServer.Reply done = browser.post(
                "/orgs/" + server.acmeId().value() + "/settings",
                Map.of("csrf", csrf, "setting", "delete", "confirm", "Acme"));

        assertThat(done.status()).as(done.raw().body()).isEqualTo(200);
        assertThat(done.raw().body()).contains("Acme was deleted");
        assertThat(acme().deleted()).isTrue();
        assertThat(browser.get("/orgs/" + server.acmeId().value() + "/log").status())
                .isEqualTo(303);
        assertThat(log().getLast().action()).isEqualTo("org.delete");
        assertThat(log().getLast().context().userAgent()).isEqualTo(AGENT);
    }
}
