package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.event.Outcome;
import dev.attest.core.mail.OutboxMail;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.server.mail.SmtpUrl;
import dev.attest.testing.TestClock;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Invitations end to end: {@code /v1/organizations/{org}/invitations} with the API key as actor, the mail received
 * through a real SMTP server (GreenMail in this JVM) or read from the outbox, and the link followed in the console until
 * the person is a member who can sign in. Expired, revoked and used links get their pages; every change records its
 * event.
 */
class InvitationIT {
    @TempDir
    Path data;

    // Each test starts the server it needs: with an SMTP server, or with the outbox.
    @SuppressWarnings("NullAway.Init")
    TestServer server;

    @org.jspecify.annotations.Nullable
    Mailbox mailbox;

    final ShiftedClock clock = new ShiftedClock();

    @AfterEach
    void stop() {
        server.close();
        if (mailbox != null) {
            mailbox.close();
        }
    }

    private void startWithOutbox() {
        server = new TestServer(dev.attest.storage.sqlite.SqliteStorage.open(data, 4), builder -> builder.clock(clock));
    }

    private Mailbox startWithSmtp() {
        Mailbox smtp = new Mailbox("mailer", "s3cret:pass");
        mailbox = smtp;
        server = new TestServer(
                dev.attest.storage.sqlite.SqliteStorage.open(data, 4),
                builder -> builder.clock(clock).smtp(SmtpUrl.parse(smtp.url("mailer", "s3cret%3Apass"))));
        return smtp;
    }

    private String invitations() {
        return "/v1/organizations/" + server.acmeId().value() + "/invitations";
    }

    private TestServer.Reply api(String method, String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Bearer " + server.acmeKey())
                .header("Content-Type", "application/json")
                .header("User-Agent", KeyActor.USER_AGENT)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private TestServer.Reply invite(String email, String role) {
        return api("POST", invitations(), "{\"email\": \"" + email + "\", \"role\": \"" + role + "\"}");
    }

    /** Opens the link in a fresh browser and accepts with a name and password. */
    private TestServer.Reply accept(String path, String name, String password) {
        var browser = new ConsoleSession(server);
        TestServer.Reply page = browser.get(path);
        assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
        return browser.post(
                path,
                Map.of(
                        "csrf",
                        ConsoleSession.csrfOf(page.raw().body()),
                        "name",
                        name,
                        "password",
                        password,
                        "password_again",
                        password));
    }

    @Test
    void invite_withSmtp_mailArrivesAndItsLinkMakesAMemberWhoSignsIn() throws Exception {
        Mailbox smtp = startWithSmtp();

        TestServer.Reply reply = invite("katherine@acme.test", "auditor");

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        assertThat(reply.json().get("mail").asString()).isEqualTo("smtp");
        assertThat(reply.json().get("status").asString()).isEqualTo("pending");
        assertThat(reply.raw().body()).doesNotContain("/invitations/");
        MimeMessage message = smtp.await(1).getFirst();
        assertThat(Mailbox.to(message)).isEqualTo("katherine@acme.test");
        assertThat(message.getSubject()).isEqualTo("You are invited to Acme on Attest");
        String path = Mailbox.linkPath(Mailbox.body(message));
        // With SMTP, nothing is kept in the outbox: no link in clear in the database.
        assertThat(server.storage.outbox().latest(10)).isEmpty();

        TestServer.Reply accepted = accept(path, "Katherine Johnson", "orbital mechanics 1962");

        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(200);
        assertThat(accepted.raw().body()).contains("Welcome to Acme");
        Member member =
                server.storage.members().findByEmail("katherine@acme.test").orElseThrow();
        assertThat(member.role()).isEqualTo(Role.AUDITOR);
        assertThat(member.name()).isEqualTo("Katherine Johnson");
        assertThat(member.organization()).isEqualTo(server.acmeId());
        new ConsoleSession(server).signInAs("katherine@acme.test", "orbital mechanics 1962");
        JsonNode listed =
                server.get(invitations(), server.acmeKey()).json().get("data").get(0);
        assertThat(listed.get("status").asString()).isEqualTo("accepted");
        assertThat(listed.get("member_id").asString()).isEqualTo(member.id());

        Event event = server.recorded("user.invite").getFirst();
        // The key's id, which outlives regenerations; never the key.
        KeyActor.assertDoneByAcmeKey(
                server, event, "invitation", reply.json().get("id").asString());
        assertThat(event.payload())
                .containsEntry("email", "katherine@acme.test")
                .containsEntry("role", "auditor");
    }

    @Test
    void invite_withoutSmtp_keepsTheMailInTheOutboxAndTheLinkWorksOnce() {
        startWithOutbox();

        TestServer.Reply reply = invite("dorothy@acme.test", "member");

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        assertThat(reply.json().get("mail").asString()).isEqualTo("outbox");
        OutboxMail mail = Mailbox.newestInOutbox(server.storage);
        assertThat(mail.mail().to()).isEqualTo("dorothy@acme.test");
        String path = Mailbox.linkPath(mail.mail().text());
        // Only the token's hash is stored.
        String token = path.substring("/invitations/".length());
        assertThat(server.storage.invitations().findByTokenHash(token)).isEmpty();

        assertThat(accept(path, "Dorothy Vaughan", "fortran for everyone 1961").status())
                .isEqualTo(200);
        TestServer.Reply again = new ConsoleSession(server).get(path);

        assertThat(again.status()).isEqualTo(410);
        assertThat(again.raw().body()).contains("This invitation was used already");
    }

    @Test
    void invite_withGroups_joinsThemOnAccepting_recordedAsTheInvitationsDoing() {
        startWithOutbox();
        var platform = new dev.attest.core.member.Group(
                "grp_platform", server.acmeId(), "Platform", clock.instant(), List.of(), List.of());
        var globexGroup = new dev.attest.core.member.Group(
                "grp_globex", server.globex.organization().id(), "Globex ops", clock.instant(), List.of(), List.of());
        server.storage.groups().create(platform);
        server.storage.groups().create(globexGroup);

        TestServer.Reply foreign = api(
                "POST",
                invitations(),
                "{\"email\": \"mary@acme.test\", \"role\": \"member\", \"groups\": [\"grp_platform\", \"grp_globex\"]}");
        assertThat(foreign.status()).as(foreign.raw().body()).isEqualTo(400);
        assertThat(foreign.raw().body()).contains("/groups/1").contains("grp_globex");
        assertThat(server.recorded("user.invite")).isEmpty();
        assertThat(server.storage.invitations().findPending(server.acmeId(), "mary@acme.test"))
                .isEmpty();

        TestServer.Reply reply = api(
                "POST",
                invitations(),
                "{\"email\": \"mary@acme.test\", \"role\": \"member\", \"groups\": [\"grp_platform\"]}");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        String path =
                Mailbox.linkPath(Mailbox.newestInOutbox(server.storage).mail().text());
        assertThat(accept(path, "Mary Jackson", "wind tunnels at langley 1958").status())
                .isEqualTo(200);

        Member mary = server.storage.members().findByEmail("mary@acme.test").orElseThrow();
        assertThat(server.storage.groups().find("grp_platform").orElseThrow().members())
                .containsExactly(mary.id());
        Event joined = server.recorded("group.membersChange").getFirst();
        assertThat(joined.actor().type().wire()).isEqualTo("system");
        assertThat(joined.payload())
                .containsEntry("added", 1L)
                .containsEntry("added_member_ids", List.of(mary.id()))
                .containsEntry("invitation_id", reply.json().get("id").asString());
        assertThat(java.util.Objects.requireNonNull(joined.target()).id()).isEqualTo("grp_platform");
    }

    @Test
    void resend_replacesTheLinkAndRecordsUserInviteResend() {
        startWithOutbox();
        String id = invite("mary@acme.test", "member").json().get("id").asString();
        String first =
                Mailbox.linkPath(Mailbox.newestInOutbox(server.storage).mail().text());

        TestServer.Reply resent = api("POST", invitations() + "/" + id + "/resend", "");

        assertThat(resent.status()).as(resent.raw().body()).isEqualTo(200);
        String second =
                Mailbox.linkPath(Mailbox.newestInOutbox(server.storage).mail().text());
        assertThat(second).isNotEqualTo(first);
        assertThat(new ConsoleSession(server).get(first).status()).isEqualTo(404);
        assertThat(new ConsoleSession(server).get(second).status()).isEqualTo(200);
        Event event = server.recorded("user.invite.resend").getFirst();
        KeyActor.assertDoneByAcmeKey(server, event, "invitation", id);
        assertThat(event.payload()).containsEntry("email", "mary@acme.test");
    }

    @Test
    void revoke_endsTheLinkAndRecordsUserInviteRevoke() {
        startWithOutbox();
        String id = invite("mary@acme.test", "member").json().get("id").asString();
        String path =
                Mailbox.linkPath(Mailbox.newestInOutbox(server.storage).mail().text());

        TestServer.Reply revoked = api("DELETE", invitations() + "/" + id, "");

        assertThat(revoked.status()).as(revoked.raw().body()).isEqualTo(200);
        assertThat(revoked.json().get("status").asString()).isEqualTo("revoked");
        TestServer.Reply page = new ConsoleSession(server).get(path);
        assertThat(page.status()).isEqualTo(410);
        assertThat(page.raw().body()).contains("This invitation was revoked");
        Event event = server.recorded("user.invite.revoke").getFirst();
        KeyActor.assertDoneByAcmeKey(server, event, "invitation", id);
        assertThat(event.payload()).containsEntry("email", "mary@acme.test");
        assertThat(api("DELETE", invitations() + "/" + id, "").status()).isEqualTo(409);
        assertThat(api("POST", invitations() + "/" + id + "/resend", "").status())
                .isEqualTo(409);
    }

    @Test
    void link_after7Days_isExpiredAndMakesNoMember() {
        startWithOutbox();
        invite("mary@acme.test", "member");
        String path =
                Mailbox.linkPath(Mailbox.newestInOutbox(server.storage).mail().text());
        var browser = new ConsoleSession(server);
        String csrf = ConsoleSession.csrfOf(browser.get(path).raw().body());

        clock.advance(Duration.ofDays(7).plusSeconds(1));
        TestServer.Reply page = browser.post(
                path,
                Map.of(
                        "csrf", csrf,
                        "name", "Mary",
                        "password", "wind tunnels at langley",
                        "password_again", "wind tunnels at langley"));

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.raw().body()).contains("This invitation has expired");
        assertThat(server.storage.members().findByEmail("mary@acme.test")).isEmpty();
    }

    @Test
    void accept_weakPassword_saysWhyAndKeepsTheLink() {
        startWithOutbox();
        invite("mary@acme.test", "member");
        String path =
                Mailbox.linkPath(Mailbox.newestInOutbox(server.storage).mail().text());

        TestServer.Reply weak = accept(path, "Mary", "Password2024!");

        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.raw().body()).contains("Password is one of the most common");
        assertThat(server.storage.members().findByEmail("mary@acme.test")).isEmpty();
        assertThat(accept(path, "Mary", "wind tunnels at langley").status()).isEqualTo(200);
    }

    @Test
    void invite_badBody_namesEveryFieldAndChangesNothing() {
        startWithOutbox();

        TestServer.Reply reply = api(
                "POST",
                invitations(),
                "{\"email\": \"not-an-address\", \"role\": \"king\"," + " \"groups\": [\"grp_1\", 7], \"extra\": 1}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("pointer").asString()))
                .containsExactlyInAnyOrder("/email", "/role", "/groups/1", "/extra");
        assertThat(server.storage.invitations().list(server.acmeId(), 10)).isEmpty();
        assertThat(server.recorded("user.invite")).isEmpty();
    }

    @Test
    void invite_existingAccountOrPendingInvitation_isAConflict() {
        startWithOutbox();
        new Accounts(server.storage, TestClock.clock())
                .createMember(server.acmeId(), "ada@acme.test", "Ada", Role.OWNER);
        invite("mary@acme.test", "member");

        assertThat(invite("ADA@acme.test", "member").status()).isEqualTo(409);
        assertThat(invite("mary@acme.test", "admin").status()).isEqualTo(409);
        assertThat(server.recorded("user.invite")).hasSize(1);
    }

    @Test
    void invite_ownerByAnAdmin_isRefusedAndRecordedAsAFailure() {
        startWithOutbox();
        var accounts = new Accounts(server.storage, TestClock.clock());
        Accounts.Created grace = accounts.createMember(server.acmeId(), "grace@acme.test", "Grace", Role.ADMIN);
        var browser = new ConsoleSession(server);
        browser.signInAs(grace.member().email(), grace.password());
        String csrf =
                ConsoleSession.csrfOf(browser.get("/orgs/" + server.acmeId().value() + "/invitations")
                        .raw()
                        .body());

        TestServer.Reply refused = browser.post(
                "/orgs/" + server.acmeId().value() + "/invitations",
                Map.of("csrf", csrf, "email", "boss@acme.test", "role", "owner"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.raw().body()).contains("only an owner may invite an owner");
        List<Event> recorded = server.recorded("user.invite");
        assertThat(recorded).hasSize(1);
        assertThat(recorded.getFirst().outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(recorded.getFirst().actor().id()).isEqualTo(grace.member().id());
        assertThat(server.storage.invitations().list(server.acmeId(), 10)).isEmpty();

        TestServer.Reply invited = browser.post(
                "/orgs/" + server.acmeId().value() + "/invitations",
                Map.of("csrf", csrf, "email", "new@acme.test", "role", "member"));
        assertThat(invited.status()).isEqualTo(303);
        assertThat(browser.get(invited.header("Location")).raw().body())
                .contains("Invitation sent to the outbox")
                .contains("new@acme.test");
    }
}
