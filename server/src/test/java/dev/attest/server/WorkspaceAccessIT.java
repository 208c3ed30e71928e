package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Outcome;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.testing.TestClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A member's direct workspace access through {@code PATCH /v1/organizations/{org}/members/{id}} ({@code workspaces}):
 * stored and recorded as {@code user.accessChange} together, with {@code changes.workspaces.added} and
 * {@code .removed}; an unknown workspace names its pointer; a refusal is recorded as a failure.
 */
class WorkspaceAccessIT {
    @TempDir
    Path data;

    TestServer server;
    Accounts.Created ada;
    Accounts.Created linus;

    @BeforeEach
    void start() {
        server = new TestServer(data);
        var accounts = new Accounts(server.storage, TestClock.clock());
        ada = accounts.createMember(server.acmeId(), "ada@acme.test", "Ada Lovelace", Role.OWNER);
        linus = accounts.createMember(server.acmeId(), "linus@acme.test", "Linus", Role.AUDITOR);
        for (String name : List.of("staging", "production")) {
            assertThat(call("POST", "/workspaces", "{\"name\": \"" + name + "\"}")
                            .status())
                    .isEqualTo(201);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Reply call(String method, String rest, String body) {
        return server.send(HttpRequest.newBuilder(
                        server.uri("/v1/organizations/" + server.acmeId().value() + rest))
                .header("Authorization", "Bearer " + server.acmeKey())
                .header("Content-Type", "application/json")
                .header("User-Agent", "attest-it/1.0")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    @Test
    void patchWorkspaces_recordsUserAccessChange_andTheSameSetRecordsNothing() {
        String member = "/members/" + linus.member().id();

        TestServer.Reply first = call("PATCH", member, "{\"workspaces\": [\"staging\", \"default\"]}");
        TestServer.Reply second = call("PATCH", member, "{\"workspaces\": [\"production\", \"staging\"]}");
        TestServer.Reply same = call("PATCH", member, "{\"workspaces\": [\"staging\", \"production\"]}");

        assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
        assertThat(second.json().get("workspaces").valueStream().map(JsonNode::asString))
                .containsExactly("production", "staging");
        assertThat(same.status()).isEqualTo(200);
        assertThat(server.storage.workspaces().ofMember(linus.member().id())).containsExactly("production", "staging");
        var events = server.recorded("user.accessChange");
        assertThat(events).hasSize(2);
        assertThat(events.get(1).payload())
                .containsEntry(
                        "changes",
                        Map.of("workspaces", Map.of("added", List.of("default", "staging"), "removed", List.of())))
                .containsEntry("email", "linus@acme.test");
        assertThat(events.get(0).payload())
                .containsEntry(
                        "changes",
                        Map.of("workspaces", Map.of("added", List.of("production"), "removed", List.of("default"))));
        events.forEach(event -> KeyActor.assertDoneByAcmeKey(
                server, event, "user", linus.member().id()));
    }

    @Test
    void patchWorkspaces_unknownOrMalformed_problemNamingTheItemAndNothingChanges() {
        String member = "/members/" + linus.member().id();

        TestServer.Reply unknown =
                call("PATCH", member, "{\"workspaces\": [\"staging\", \"qa\"], \"role\": \"admin\"}");
        TestServer.Reply malformed = call("PATCH", member, "{\"workspaces\": [\"Not A Name\"]}");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("pointer").asString())
                .isEqualTo("/workspaces/1");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("errors").get(0).get("pointer").asString())
                .isEqualTo("/workspaces/0");
        // All or nothing: the role sent with the unknown workspace did not change either.
        assertThat(server.storage
                        .members()
                        .find(linus.member().id())
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.AUDITOR);
        assertThat(server.storage.workspaces().ofMember(linus.member().id())).isEmpty();
        assertThat(server.recorded("user.accessChange")).isEmpty();
        assertThat(server.recorded("user.roleChange")).isEmpty();
    }

    @Test
    void patchWorkspaces_ofAnOwnerWithTheKey_403RecordedAsFailure() {
        TestServer.Reply reply = call("PATCH", "/members/" + ada.member().id(), "{\"workspaces\": [\"staging\"]}");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(server.storage.workspaces().ofMember(ada.member().id())).isEmpty();
        assertThat(server.recorded("user.accessChange")).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(event.payload()).containsEntry("reason", "owner-only");
        });
    }
}
