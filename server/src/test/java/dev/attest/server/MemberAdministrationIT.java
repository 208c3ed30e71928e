package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.EventDocument;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.testing.TestClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/organizations/{org}/members} with the organization's API key as actor: each change is answered, stored
 * and recorded together, each refusal is a problem document, and a refusal of a known member is recorded as a failure.
 */
class MemberAdministrationIT {
    @TempDir
    Path data;

    TestServer server;
    Accounts.Created ada;
    Accounts.Created grace;
    Accounts.Created linus;

    @BeforeEach
    void start() {
        server = new TestServer(data);
        var accounts = new Accounts(server.storage, TestClock.clock());
        ada = accounts.createMember(server.acmeId(), "ada@acme.test", "Ada Lovelace", Role.OWNER);
        grace = accounts.createMember(server.acmeId(), "grace@acme.test", "Grace Hopper", Role.ADMIN);
        linus = accounts.createMember(server.acmeId(), "linus@acme.test", "Linus <b>Torvalds</b>", Role.MEMBER);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String members(OrganizationId org) {
        return "/v1/organizations/" + org.value() + "/members";
    }

    private TestServer.Reply patch(String memberId, String body, String key) {
        return server.send(HttpRequest.newBuilder(server.uri(members(server.acmeId()) + "/" + memberId))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("User-Agent", "attest-it/1.0")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    @Test
    void list_withKey_answersEveryMemberWithRoleAndStatus() {
        TestServer.Reply reply = server.get(members(server.acmeId()), server.acmeKey());

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json()
                        .get("data")
                        .valueStream()
                        .map(m -> m.get("email").asString()))
                .containsExactly("ada@acme.test", "grace@acme.test", "linus@acme.test");
        JsonNode first = reply.json().get("data").get(0);
        assertThat(first.get("role").asString()).isEqualTo("owner");
        assertThat(first.get("status").asString()).isEqualTo("active");
        assertThat(first.has("password_hash")).isFalse();
    }

    @Test
    void changeRole_withKey_changesAndRecordsUserRoleChangeWithTheKeyAsActor() {
        TestServer.Reply reply = patch(linus.member().id(), "{\"role\": \"auditor\"}", server.acmeKey());

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json().get("role").asString()).isEqualTo("auditor");
        assertThat(server.storage
                        .members()
                        .find(linus.member().id())
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.AUDITOR);
        // Found through the API, as a producer of the log would find it.
        TestServer.Reply log =
                server.get(server.eventsPath(server.acmeId()) + "?action=user.roleChange", server.acmeKey());
        JsonNode event = log.json().get("data").get(0);
        assertThat(event.get("actor").get("type").asString()).isEqualTo("api_key");
        // The key's id, which outlives regenerations; never the key.
        assertThat(event.get("actor").get("id").asString())
                .isEqualTo(server.storage
                        .apiKeys()
                        .findByHash(server.acme.apiKey().hash())
                        .orElseThrow()
                        .id());
        assertThat(event.get("target").get("type").asString()).isEqualTo("user");
        assertThat(event.get("target").get("id").asString())
                .isEqualTo(linus.member().id());
        assertThat(event.get("target").get("name").asString()).isEqualTo("Linus <b>Torvalds</b>");
        assertThat(event.get("payload").get("from").asString()).isEqualTo("member");
        assertThat(event.get("payload").get("to").asString()).isEqualTo("auditor");
        assertThat(event.get("outcome").asString()).isEqualTo("success");
        assertThat(event.get("context").get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(event.get("context").get("user_agent").asString()).isEqualTo("attest-it/1.0");
        assertThat(event.get("context").get("request_id").asString()).isNotBlank();
    }

    @Test
    void changeRole_toTheSameRole_recordsNothing() {
        assertThat(patch(linus.member().id(), "{\"role\": \"member\"}", server.acmeKey())
                        .status())
                .isEqualTo(200);

        assertThat(server.recorded("user.roleChange")).isEmpty();
    }

    @Test
    void disable_withKey_endsTheMembersSessionsAtOnceAndRecordsUserDisable() {
        var browser = new ConsoleSession(server);
        browser.signInAs("grace@acme.test", grace.password());

        TestServer.Reply reply = patch(grace.member().id(), "{\"disabled\": true}", server.acmeKey());

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json().get("status").asString()).isEqualTo("disabled");
        TestServer.Reply page = browser.get("/orgs/" + server.acmeId().value() + "/log");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).startsWith("/sign-in");
        assertThat(server.recorded("user.disable")).singleElement().satisfies(event -> {
            KeyActor.assertDoneByAcmeKey(server, event, "user", grace.member().id());
            assertThat(event.payload()).containsEntry("email", "grace@acme.test");
            assertThat(event.payload()).containsEntry("sessions_ended", 1L);
        });
        assertThat(browser.signIn("grace@acme.test", grace.password(), "").status())
                .isEqualTo(401);
    }

    private TestServer.Reply endSessions(String memberId, String key) {
        return server.send(HttpRequest.newBuilder(server.uri(members(server.acmeId()) + "/" + memberId + "/sessions"))
                .header("Authorization", "Bearer " + key)
                .header("User-Agent", "attest-it/1.0")
                .DELETE()
                .build());
    }

    @Test
    void endSessions_withKey_endsEveryConsoleSessionAndRecordsAuthSessionDeleteAll() {
        var laptop = new ConsoleSession(server);
        var phone = new ConsoleSession(server);
        laptop.signInAs("grace@acme.test", grace.password());
        phone.signInAs("grace@acme.test", grace.password());

        TestServer.Reply reply = endSessions(grace.member().id(), server.acmeKey());

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json().get("sessions_ended").asInt()).isEqualTo(2);
        for (ConsoleSession browser : List.of(laptop, phone)) {
            TestServer.Reply page = browser.get("/orgs/" + server.acmeId().value() + "/log");
            assertThat(page.status()).isEqualTo(303);
            assertThat(page.header("Location")).startsWith("/sign-in");
        }
        assertThat(server.recorded("auth.session.deleteAll")).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(event.payload()).containsEntry("count", 2L).containsEntry("email", "grace@acme.test");
            assertThat(event.actor().type().wire()).isEqualTo("api_key");
            assertThat(java.util.Objects.requireNonNull(event.target()).id())
                    .isEqualTo(grace.member().id());
            assertThat(event.context().userAgent()).isEqualTo("attest-it/1.0");
        });
        // The member may sign in again: their account is untouched.
        assertThat(laptop.signIn("grace@acme.test", grace.password(), "").status())
                .isEqualTo(303);
    }

    @Test
    void endSessions_ofAnOwnerWithKey_403RecordedAsFailureAndTheSessionLives() {
        var browser = new ConsoleSession(server);
        browser.signInAs("ada@acme.test", ada.password());

        TestServer.Reply reply = endSessions(ada.member().id(), server.acmeKey());
        TestServer.Reply foreign =
                endSessions(ada.member().id(), server.globex.apiKey().secret());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("type").asString()).isEqualTo("urn:attest:problem:owner-only");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(browser.get("/orgs/" + server.acmeId().value() + "/log").status())
                .isEqualTo(200);
        assertThat(server.recorded("auth.session.deleteAll")).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(event.payload()).containsEntry("reason", "owner-only").containsEntry("count", 0L);
        });
    }

    @Test
    void endSessions_fromTheMembersPage_byAnOwner_endsThemAndSaysHowMany() {
        var victim = new ConsoleSession(server);
        victim.signInAs("grace@acme.test", grace.password());
        var owner = new ConsoleSession(server);
        owner.signInAs("ada@acme.test", ada.password());
        String members = "/orgs/" + server.acmeId().value() + "/members";
        String page = owner.get(members).raw().body();
        String csrf = ConsoleSession.csrfOf(page);

        TestServer.Reply done =
                owner.post(members + "/" + grace.member().id(), java.util.Map.of("csrf", csrf, "sessions", "end"));
        TestServer.Reply forged =
                owner.post(members + "/" + linus.member().id(), java.util.Map.of("csrf", "forged", "sessions", "end"));

        assertThat(page).contains("End sessions of <bdi>Grace Hopper</bdi>");
        assertThat(done.status()).isEqualTo(303);
        assertThat(owner.get(done.header("Location")).raw().body()).contains("Grace Hopper: 1 session ended.");
        assertThat(victim.get("/orgs/" + server.acmeId().value() + "/log").status())
                .isEqualTo(303);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(server.recorded("auth.session.deleteAll")).singleElement().satisfies(event -> {
            assertThat(event.actor().email()).isEqualTo("ada@acme.test");
            assertThat(event.payload()).containsEntry("count", 1L);
        });
    }

    /** The members page's row of one member, as HTML. */
    private static String rowOf(String page, String memberId) {
        int start = page.indexOf("id=\"member-" + memberId + "\"");
        assertThat(start).as("the row of " + memberId).isNotNegative();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    @Test
    void membersPage_showsGroupsWorkspacesLastSignInAndMfa_ofEachMember() {
        var now = TestClock.now();
        var storage = server.storage;
        for (String name : List.of("staging", "production")) {
            storage.workspaces().create(new dev.attest.core.member.Workspace(server.acmeId(), name, now));
        }
        storage.workspaces().replaceOfMember(linus.member().id(), List.of("production"));
        storage.groups()
                .create(new dev.attest.core.member.Group(
                        "grp_platform",
                        server.acmeId(),
                        "Platform <i>team</i>",
                        now,
                        List.of(linus.member().id()),
                        List.of("staging")));
        storage.mfa()
                .begin(new dev.attest.core.member.TotpEnrollment(linus.member().id(), "v1.sealed", now, null, 0));
        assertThat(storage.mfa().confirm(linus.member().id(), now, 1, List.of("code-hash")))
                .isTrue();
        new ConsoleSession(server).signInAs("grace@acme.test", grace.password());
        var owner = new ConsoleSession(server);
        owner.signInAs("ada@acme.test", ada.password());

        String page =
                owner.get("/orgs/" + server.acmeId().value() + "/members").raw().body();

        assertThat(page)
                .contains("<th scope=\"col\">Groups</th>")
                .contains("<th scope=\"col\">Workspaces</th>")
                .contains("<th scope=\"col\">Last sign-in</th>")
                .contains("<th scope=\"col\">MFA</th>");
        String linusRow = rowOf(page, linus.member().id());
        // A member reads default and what they were given, directly or through a group (docs/adr/0006).
        assertThat(linusRow)
                .contains("<bdi>Platform &lt;i&gt;team&lt;/i&gt;</bdi>")
                .contains(">default, production, staging<")
                .contains("class=\"last-sign-in\">never<")
                .contains("class=\"mfa\">on<");
        // The last sign-in is the newest auth.login.success of the member in the log.
        var graceSignIn = server.recorded("auth.login.success").stream()
                .filter(e -> "grace@acme.test".equals(e.actor().email()))
                .findFirst()
                .orElseThrow();
        assertThat(rowOf(page, grace.member().id()))
                .contains(">all<")
                .contains("<time datetime=\"" + graceSignIn.occurredAt() + "\">")
                .contains("class=\"mfa\">off<");
        assertThat(rowOf(page, ada.member().id())).contains("<time datetime=");

        // The API lists the same columns.
        var listed = new HashMap<String, JsonNode>();
        server.get("/v1/organizations/" + server.acmeId().value() + "/members", server.acmeKey())
                .json()
                .get("data")
                .forEach(member -> listed.put(member.get("id").asString(), member));
        JsonNode linusListed = Objects.requireNonNull(listed.get(linus.member().id()));
        assertThat(linusListed.get("groups").toString()).isEqualTo("[\"Platform <i>team</i>\"]");
        assertThat(linusListed.get("reads_every_workspace").asBoolean()).isFalse();
        assertThat(linusListed.get("readable_workspaces").toString())
                .isEqualTo("[\"default\",\"production\",\"staging\"]");
        assertThat(linusListed.get("mfa_enabled").asBoolean()).isTrue();
        assertThat(linusListed.get("last_sign_in_at").isNull()).isTrue();
        JsonNode graceListed = Objects.requireNonNull(listed.get(grace.member().id()));
        assertThat(graceListed.get("reads_every_workspace").asBoolean()).isTrue();
        assertThat(graceListed.get("readable_workspaces").size()).isZero();
        assertThat(graceListed.get("mfa_enabled").asBoolean()).isFalse();
        assertThat(EventDocument.instant(graceListed.get("last_sign_in_at").asString()))
                .isEqualTo(graceSignIn.occurredAt());
    }

    @Test
    void lastOwner_cannotBeDemotedOrDisabled_403RecordedAsFailureAndNothingChanges() {
        TestServer.Reply demote =
                patch(ada.member().id(), "{\"role\": \"admin\", \"disabled\": true}", server.acmeKey());

        // The organization's key may not touch owners at all; an owner is refused as the last one.
        assertThat(demote.status()).isEqualTo(403);
        assertThat(demote.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(demote.json().get("type").asString()).isEqualTo("urn:attest:problem:owner-only");
        Member after = server.storage.members().find(ada.member().id()).orElseThrow();
        assertThat(after.role()).isEqualTo(Role.OWNER);
        assertThat(after.disabled()).isFalse();
        assertThat(server.recorded("user.roleChange")).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(event.payload()).containsEntry("reason", "owner-only");
        });
        assertThat(server.recorded("user.disable")).isEmpty();
    }

    @Test
    void unknownOrForeignMember_404AndNothingRecorded() {
        var accounts = new Accounts(server.storage, TestClock.clock());
        Member foreign = accounts.createMember(server.globex.organization().id(), "x@globex.test", "X", Role.MEMBER)
                .member();

        for (String id : List.of(foreign.id(), "usr_nobody")) {
            TestServer.Reply reply = patch(id, "{\"role\": \"admin\"}", server.acmeKey());

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        }
        assertThat(server.storage.members().find(foreign.id()).orElseThrow().role())
                .isEqualTo(Role.MEMBER);
        assertThat(server.recorded("user.roleChange")).isEmpty();
    }

    @Test
    void anotherOrganizationsKey_404() {
        TestServer.Reply list =
                server.get(members(server.acmeId()), server.globex.apiKey().secret());
        TestServer.Reply change = patch(
                linus.member().id(),
                "{\"role\": \"admin\"}",
                server.globex.apiKey().secret());

        assertThat(list.status()).isEqualTo(404);
        assertThat(change.status()).isEqualTo(404);
        assertThat(server.storage
                        .members()
                        .find(linus.member().id())
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.MEMBER);
    }

    @Test
    void badBodies_400NamingEachFieldAndRule_andNothingChanges() {
        TestServer.Reply reply = patch(
                linus.member().id(),
                "{\"role\": \"emperor\", \"disabled\": \"yes\", \"name\": \"x\"}",
                server.acmeKey());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("pointer").asString()))
                .containsExactlyInAnyOrder("/role", "/disabled", "/name");
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("detail").asString()))
                .contains("role must be one of owner, admin, auditor, member", "disabled must be true or false");
        for (String body : List.of("[]", "{}", "not json")) {
            assertThat(patch(linus.member().id(), body, server.acmeKey()).status())
                    .as(body)
                    .isEqualTo(400);
        }
        assertThat(server.storage
                        .members()
                        .find(linus.member().id())
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.MEMBER);
        assertThat(server.recorded("user.roleChange")).isEmpty();
    }

    @Test
    void enableADisabledMember_409() {
        assertThat(patch(linus.member().id(), "{\"disabled\": true}", server.acmeKey())
                        .status())
                .isEqualTo(200);

        TestServer.Reply reply = patch(linus.member().id(), "{\"disabled\": false}", server.acmeKey());

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("type").asString()).isEqualTo("urn:attest:problem:conflict");
    }
}
