package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.testing.TestClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/organizations/{org}/groups} and {@code /workspaces}: each change is answered, stored and recorded together
 * with the caller as actor (the organization's API key, or a console session with its CSRF token), each bad input is a
 * problem naming its field, and a refused change is recorded as a failure.
 */
class GroupAdministrationIT {
    @TempDir
    Path data;

    TestServer server;
    Accounts.Created ada;
    Accounts.Created grace;
    Accounts.Created linus;
    Accounts.Created ken;

    @BeforeEach
    void start() {
        server = new TestServer(data);
        var accounts = new Accounts(server.storage, TestClock.clock());
        ada = accounts.createMember(server.acmeId(), "ada@acme.test", "Ada Lovelace", Role.OWNER);
        grace = accounts.createMember(server.acmeId(), "grace@acme.test", "Grace Hopper", Role.MEMBER);
        linus = accounts.createMember(server.acmeId(), "linus@acme.test", "Linus", Role.AUDITOR);
        ken = accounts.createMember(server.globex.organization().id(), "ken@globex.test", "Ken", Role.MEMBER);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String path(String rest) {
        return "/v1/organizations/" + server.acmeId().value() + rest;
    }

    private TestServer.Reply call(String method, String rest, String body) {
        return call(method, rest, body, server.acmeKey());
    }

    private TestServer.Reply call(String method, String rest, String body, String key) {
        return server.send(HttpRequest.newBuilder(server.uri(path(rest)))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("User-Agent", "attest-it/1.0")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private String create(String name) {
        TestServer.Reply reply = call("POST", "/groups", "{\"name\": \"" + name + "\"}");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        return reply.json().get("id").asString();
    }

    private static Target target(Event event) {
        return Objects.requireNonNull(event.target());
    }

    @Test
    void create_withKey_201AndRecordsGroupCreateWithTheKeyAsActor() {
        TestServer.Reply reply = call("POST", "/groups", "{\"name\": \"  Platform  \"}");

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        String id = reply.json().get("id").asString();
        assertThat(id).startsWith("grp_");
        assertThat(reply.json().get("name").asString()).isEqualTo("Platform");
        assertThat(server.storage.groups().find(id)).isPresent();
        TestServer.Reply log =
                server.get(server.eventsPath(server.acmeId()) + "?action=group.create", server.acmeKey());
        JsonNode event = log.json().get("data").get(0);
        assertThat(event.get("actor").get("type").asString()).isEqualTo("api_key");
        // The key's id, which outlives regenerations; never the key.
        assertThat(event.get("actor").get("id").asString())
                .isEqualTo(server.storage
                        .apiKeys()
                        .findByHash(server.acme.apiKey().hash())
                        .orElseThrow()
                        .id());
        assertThat(event.get("target").get("type").asString()).isEqualTo("group");
        assertThat(event.get("target").get("id").asString()).isEqualTo(id);
        assertThat(event.get("target").get("name").asString()).isEqualTo("Platform");
        assertThat(event.get("payload").get("name").asString()).isEqualTo("Platform");
        assertThat(event.get("outcome").asString()).isEqualTo("success");
        assertThat(event.get("context").get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(event.get("context").get("user_agent").asString()).isEqualTo("attest-it/1.0");
        assertThat(call("GET", "/groups", "")
                        .json()
                        .get("data")
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(id);
    }

    @Test
    void create_badOrTakenName_problemNamingTheFieldAndNothingRecorded() {
        create("Platform");

        TestServer.Reply blank = call("POST", "/groups", "{\"name\": \" \"}");
        TestServer.Reply unknown = call("POST", "/groups", "{\"name\": \"x\", \"colour\": \"red\"}");
        TestServer.Reply taken = call("POST", "/groups", "{\"name\": \"PLATFORM\"}");

        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(blank.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/name");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("pointer").asString())
                .isEqualTo("/colour");
        assertThat(taken.status()).as(taken.raw().body()).isEqualTo(409);
        assertThat(server.storage.groups().list(server.acmeId())).hasSize(1);
        assertThat(server.recorded("group.create")).hasSize(1);
    }

    @Test
    void rename_recordsFromAndTo_andTheSameNameRecordsNothing() {
        String id = create("Platform");

        TestServer.Reply reply = call("PATCH", "/groups/" + id, "{\"name\": \"Infra\"}");
        TestServer.Reply again = call("PATCH", "/groups/" + id, "{\"name\": \"Infra\"}");

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json().get("name").asString()).isEqualTo("Infra");
        assertThat(again.status()).isEqualTo(200);
        assertThat(server.recorded("group.rename")).singleElement().satisfies(event -> {
            KeyActor.assertDoneByAcmeKey(server, event, "group", id);
            assertThat(event.payload()).containsEntry("from", "Platform").containsEntry("to", "Infra");
            assertThat(target(event).name()).isEqualTo("Infra");
        });
    }

    @Test
    void changeMembers_recordsCountsAndIds_andAnUnknownMemberChangesNothing() {
        String id = create("Platform");

        TestServer.Reply added = call(
                "PATCH",
                "/groups/" + id + "/members",
                "{\"add\": [\"" + grace.member().id() + "\", \""
                        + linus.member().id() + "\"]}");
        TestServer.Reply foreign = call(
                "PATCH",
                "/groups/" + id + "/members",
                "{\"remove\": [\"" + grace.member().id() + "\"], \"add\": [\""
                        + ada.member().id() + "\", \"" + ken.member().id() + "\"]}");
        TestServer.Reply removed = call(
                "PATCH",
                "/groups/" + id + "/members",
                "{\"add\": [\"" + grace.member().id() + "\"], \"remove\": [\""
                        + linus.member().id() + "\"]}");

        assertThat(added.status()).as(added.raw().body()).isEqualTo(200);
        assertThat(foreign.status()).as(foreign.raw().body()).isEqualTo(400);
        assertThat(foreign.json().get("errors").get(0).get("pointer").asString())
                .isEqualTo("/add/1");
        assertThat(removed.status()).as(removed.raw().body()).isEqualTo(200);
        assertThat(removed.json().get("members").valueStream().map(JsonNode::asString))
                .containsExactly(grace.member().id());
        List<Event> events = server.recorded("group.membersChange");
        assertThat(events).hasSize(2);
        events.forEach(event -> KeyActor.assertDoneByAcmeKey(server, event, "group", id));
        assertThat(events.get(1).payload())
                .containsEntry("added", 2L)
                .containsEntry("removed", 0L)
                .containsEntry(
                        "added_member_ids",
                        List.of(grace.member().id(), linus.member().id()).stream()
                                .sorted()
                                .toList())
                .containsEntry("removed_member_ids", List.of());
        // Grace was in the group already: only Linus's removal is a change.
        assertThat(events.get(0).payload())
                .containsEntry("added", 0L)
                .containsEntry("removed", 1L)
                .containsEntry("removed_member_ids", List.of(linus.member().id()));
    }

    @Test
    void replaceWorkspaces_ofCreatedWorkspaces_recordsGroupAccessChange() {
        String id = create("Platform");
        TestServer.Reply staging = call("POST", "/workspaces", "{\"name\": \"staging\"}");
        TestServer.Reply again = call("POST", "/workspaces", "{\"name\": \"staging\"}");
        TestServer.Reply badName = call("POST", "/workspaces", "{\"name\": \"Staging Area\"}");

        TestServer.Reply unknown =
                call("PUT", "/groups/" + id + "/workspaces", "{\"workspaces\": [\"default\", \"production\"]}");
        TestServer.Reply first =
                call("PUT", "/groups/" + id + "/workspaces", "{\"workspaces\": [\"staging\", \"default\"]}");
        TestServer.Reply second = call("PUT", "/groups/" + id + "/workspaces", "{\"workspaces\": [\"staging\"]}");

        assertThat(staging.status()).as(staging.raw().body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(409);
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("errors").get(0).get("pointer").asString())
                .isEqualTo("/name");
        assertThat(call("GET", "/workspaces", "")
                        .json()
                        .get("data")
                        .valueStream()
                        .map(w -> w.get("name").asString()))
                .containsExactly("default", "staging");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("pointer").asString())
                .isEqualTo("/workspaces/1");
        assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
        assertThat(second.json().get("workspaces").valueStream().map(JsonNode::asString))
                .containsExactly("staging");
        List<Event> events = server.recorded("group.accessChange");
        assertThat(events).hasSize(2);
        events.forEach(event -> KeyActor.assertDoneByAcmeKey(server, event, "group", id));
        assertThat(events.get(1).payload())
                .containsEntry(
                        "changes",
                        Map.of("workspaces", Map.of("added", List.of("default", "staging"), "removed", List.of())));
        assertThat(events.get(0).payload())
                .containsEntry(
                        "changes", Map.of("workspaces", Map.of("added", List.of(), "removed", List.of("default"))));
    }

    @Test
    void delete_removesTheGroupAndRecordsItsName_andAnotherOrganizationGets404() {
        String id = create("Platform");

        TestServer.Reply foreign =
                call("DELETE", "/groups/" + id, "", server.globex.apiKey().secret());
        TestServer.Reply reply = call("DELETE", "/groups/" + id, "");

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(reply.status()).isEqualTo(204);
        assertThat(call("GET", "/groups/" + id, "").status()).isEqualTo(404);
        assertThat(server.recorded("group.delete")).singleElement().satisfies(event -> {
            KeyActor.assertDoneByAcmeKey(server, event, "group", id);
            assertThat(event.payload()).containsEntry("name", "Platform");
        });
    }

    @Test
    void consoleSession_ownerWithCsrf_isTheActor_andAnAuditorIsRefusedAndRecorded() {
        var owner = new ConsoleSession(server);
        String csrf = owner.signInAs("ada@acme.test", ada.password());
        var auditor = new ConsoleSession(server);
        String auditorCsrf = auditor.signInAs("linus@acme.test", linus.password());

        TestServer.Reply created = owner.send(HttpRequest.newBuilder(server.uri(path("/groups")))
                .header("Content-Type", "application/json")
                .header(Callers.CSRF_HEADER, csrf)
                .header("Origin", owner.origin())
                .header("User-Agent", "Chromium-ish/1.0")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Security\"}"))
                .build());
        String id = server.storage.groups().list(server.acmeId()).getFirst().id();
        TestServer.Reply refused = auditor.send(HttpRequest.newBuilder(server.uri(path("/groups/" + id)))
                .header("Content-Type", "application/json")
                .header(Callers.CSRF_HEADER, auditorCsrf)
                .header("Origin", auditor.origin())
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\": \"Mine\"}"))
                .build());

        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(server.recorded("group.create")).singleElement().satisfies(event -> {
            assertThat(event.actor().type().wire()).isEqualTo("member");
            assertThat(event.actor().email()).isEqualTo("ada@acme.test");
            assertThat(event.actor().role()).isEqualTo("owner");
            assertThat(event.context().userAgent()).isEqualTo("Chromium-ish/1.0");
        });
        assertThat(refused.status()).isEqualTo(403);
        assertThat(server.storage.groups().find(id).orElseThrow().name()).isEqualTo("Security");
        assertThat(server.recorded("group.rename")).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(event.actor().email()).isEqualTo("linus@acme.test");
            assertThat(event.payload()).containsEntry("reason", "forbidden").containsEntry("to", "Mine");
        });
    }
}
