package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.event.Outcome;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.server.console.Passwords;
import dev.attest.server.mail.SmtpUrl;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords: an admin sets a member's through {@code PUT /v1/…/members/{id}/password} (their sessions end), a member
 * changes their own with the current one, and a forgotten one is reset through a link received by SMTP (GreenMail in
 * this JVM), single use and valid 30 minutes. Each records its event; the policy's refusals name the field.
 */
class PasswordIT {
    @TempDir
    Path data;

    TestServer server;
    Mailbox mailbox;
    final ShiftedClock clock = new ShiftedClock();
    Accounts.Created ada;
    Accounts.Created linus;

    @BeforeEach
    void start() {
        mailbox = new Mailbox("mailer", "pw");
        server = new TestServer(
                SqliteStorage.open(data, 4),
                builder -> builder.clock(clock).smtp(SmtpUrl.parse(mailbox.url("mailer", "pw"))));
        var accounts = new Accounts(server.storage, TestClock.clock());
        ada = accounts.createMember(server.acmeId(), "ada@acme.test", "Ada Lovelace", Role.OWNER);
        linus = accounts.createMember(server.acmeId(), "linus@acme.test", "Linus", Role.MEMBER);
        accounts.ensureInstallation();
    }

    @AfterEach
    void stop() {
        server.close();
        mailbox.close();
    }

    private TestServer.Reply put(String memberId, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(
                        "/v1/organizations/" + server.acmeId().value() + "/members/" + memberId + "/password"))
                .header("Authorization", "Bearer " + server.acmeKey())
                .header("Content-Type", "application/json")
                .header("User-Agent", "attest-it/1.0")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Signs a member in (their landing page, the log, is not theirs to read). */
    private static void signIn(ConsoleSession browser, String email, String password) {
        TestServer.Reply signedIn = browser.signIn(email, password, "");
        assertThat(signedIn.status()).as(signedIn.raw().body()).isEqualTo(303);
    }

    @Test
    void adminChange_withKey_setsThePasswordEndsTheSessionsAndRecords() {
        var browser = new ConsoleSession(server);
        signIn(browser, "linus@acme.test", linus.password());

        TestServer.Reply reply = put(linus.member().id(), "{\"password\": \"kernel hackers unite 1991\"}");

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json().get("sessions_ended").asInt()).isEqualTo(1);
        assertThat(reply.raw().body()).doesNotContain("kernel hackers");
        assertThat(browser.get("/account/password").status()).isEqualTo(303);
        signIn(new ConsoleSession(server), "linus@acme.test", "kernel hackers unite 1991");
        Event event = server.recorded("auth.password.adminChange").getFirst();
        assertThat(event.actor().type().wire()).isEqualTo("api_key");
        assertThat(java.util.Objects.requireNonNull(event.target()).id())
                .isEqualTo(linus.member().id());
        assertThat(event.payload())
                .containsEntry("email", "linus@acme.test")
                .doesNotContainValue("kernel hackers unite 1991");
        assertThat(event.context().userAgent()).isEqualTo("attest-it/1.0");
    }

    @Test
    void adminChange_ofOneself_isRefused_theCurrentPasswordIsNeeded() {
        var browser = new ConsoleSession(server);
        String csrf = browser.signInAs("ada@acme.test", ada.password());

        TestServer.Reply refused = browser.send(HttpRequest.newBuilder(server.uri("/v1/organizations/"
                        + server.acmeId().value() + "/members/" + ada.member().id() + "/password"))
                .header("Content-Type", "application/json")
                .header(Callers.CSRF_HEADER, csrf)
                .header("Origin", browser.origin())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"taken over session 2026\"}"))
                .build());

        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(403);
        assertThat(refused.raw().body()).contains("own-password").contains("/account/password");
        assertThat(Passwords.matches(
                        ada.password(),
                        server.storage
                                .members()
                                .find(ada.member().id())
                                .orElseThrow()
                                .passwordHash()))
                .isTrue();
        Event event = server.recorded("auth.password.adminChange").getFirst();
        assertThat(event.outcome().wire()).isEqualTo("failure");
        assertThat(event.payload()).containsEntry("reason", "own-password");
        assertThat(browser.get("/account").status()).as("the session goes on").isEqualTo(200);
    }

    @Test
    void adminChange_weakPassword_is400NamingThePasswordAndChangesNothing() {
        TestServer.Reply tooShort = put(linus.member().id(), "{\"password\": \"short\"}");
        TestServer.Reply common = put(linus.member().id(), "{\"password\": \"qwertyuiop123\"}");
        TestServer.Reply email = put(linus.member().id(), "{\"password\": \"linus@acme.test-2024\"}");

        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().get("errors").get(0).get("pointer").asString())
                .isEqualTo("/password");
        assertThat(tooShort.json().get("detail").asString()).contains("at least 12 characters");
        assertThat(common.json().get("detail").asString()).contains("most common");
        assertThat(email.json().get("detail").asString()).contains("email");
        assertThat(Passwords.matches(
                        linus.password(),
                        server.storage
                                .members()
                                .find(linus.member().id())
                                .orElseThrow()
                                .passwordHash()))
                .isTrue();
        assertThat(server.recorded("auth.password.adminChange")).isEmpty();
    }

    @Test
    void selfChange_needsTheCurrentPasswordAndEndsTheOtherSessions() {
        var phone = new ConsoleSession(server);
        phone.signInAs("ada@acme.test", ada.password());
        var laptop = new ConsoleSession(server);
        laptop.signInAs("ada@acme.test", ada.password());
        String csrf =
                ConsoleSession.csrfOf(laptop.get("/account/password").raw().body());

        TestServer.Reply wrong = laptop.post(
                "/account/password",
                Map.of(
                        "csrf",
                        csrf,
                        "current_password",
                        "not it at all",
                        "password",
                        "analytical engine 1843",
                        "password_again",
                        "analytical engine 1843"));
        TestServer.Reply changed = laptop.post(
                "/account/password",
                Map.of(
                        "csrf",
                        csrf,
                        "current_password",
                        ada.password(),
                        "password",
                        "analytical engine 1843",
                        "password_again",
                        "analytical engine 1843"));

        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.raw().body()).contains("Current password: it is not right.");
        assertThat(changed.status()).as(changed.raw().body()).isEqualTo(303);
        assertThat(laptop.get(changed.header("Location")).raw().body()).contains("Your password is changed");
        assertThat(phone.get("/account/password").status()).isEqualTo(303);
        var events = server.recorded("auth.password.selfChange");
        assertThat(events).extracting(Event::outcome).containsExactly(Outcome.SUCCESS, Outcome.FAILURE);
        assertThat(events.getFirst().actor().id()).isEqualTo(ada.member().id());
        assertThat(events.getFirst().payload()).containsEntry("sessions_ended", 1L);
        new ConsoleSession(server).signInAs("ada@acme.test", "analytical engine 1843");
    }

    @Test
    void reset_byMailedLink_setsThePasswordOnceAndEndsEverySession() throws Exception {
        var old = new ConsoleSession(server);
        signIn(old, "linus@acme.test", linus.password());
        var browser = new ConsoleSession(server);
        String csrf = ConsoleSession.csrfOf(browser.get("/password-reset").raw().body());

        TestServer.Reply asked = browser.post("/password-reset", Map.of("csrf", csrf, "email", "linus@acme.test"));

        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.raw().body()).contains("If an account has the address");
        var message = mailbox.await(1).getFirst();
        assertThat(Mailbox.to(message)).isEqualTo("linus@acme.test");
        String path = Mailbox.linkPath(Mailbox.body(message));
        TestServer.Reply page = browser.get(path);
        assertThat(page.status()).isEqualTo(200);
        TestServer.Reply reset = browser.post(
                path,
                Map.of(
                        "csrf",
                        ConsoleSession.csrfOf(page.raw().body()),
                        "password",
                        "free as in freedom 1991",
                        "password_again",
                        "free as in freedom 1991"));

        assertThat(reset.status()).as(reset.raw().body()).isEqualTo(200);
        assertThat(reset.raw().body()).contains("Your password is changed");
        assertThat(old.get("/account/password").status()).isEqualTo(303);
        signIn(new ConsoleSession(server), "linus@acme.test", "free as in freedom 1991");
        assertThat(new ConsoleSession(server).get(path).status()).isEqualTo(404);
        Event requested = server.recorded("auth.password.resetRequest").getFirst();
        assertThat(java.util.Objects.requireNonNull(requested.target()).id())
                .isEqualTo(linus.member().id());
        assertThat(requested.outcome()).isEqualTo(Outcome.SUCCESS);
        Event completed = server.recorded("auth.password.resetComplete").getFirst();
        assertThat(completed.actor().id()).isEqualTo(linus.member().id());
        assertThat(completed.payload()).containsEntry("sessions_ended", 1L);
    }

    @Test
    void reset_unknownEmail_answersTheSameSendsNothingAndRecordsInTheInstallationLog() {
        var browser = new ConsoleSession(server);
        String csrf = ConsoleSession.csrfOf(browser.get("/password-reset").raw().body());

        TestServer.Reply unknown = browser.post("/password-reset", Map.of("csrf", csrf, "email", "nobody@acme.test"));
        TestServer.Reply known = browser.post("/password-reset", Map.of("csrf", csrf, "email", "linus@acme.test"));

        assertThat(unknown.status()).isEqualTo(known.status());
        assertThat(unknown.raw().body().replace("nobody@acme.test", "X"))
                .isEqualTo(known.raw().body().replace("linus@acme.test", "X"));
        assertThat(mailbox.await(1)).hasSize(1);
        Event recorded = server.recorded(Accounts.INSTALLATION, "auth.password.resetRequest")
                .getFirst();
        assertThat(recorded.payload())
                .containsEntry("email", "nobody@acme.test")
                .containsEntry("reason", "unknown_email");
        assertThat(recorded.outcome()).isEqualTo(Outcome.FAILURE);
    }

    @Test
    void reset_after30Minutes_isExpired() throws Exception {
        var browser = new ConsoleSession(server);
        String csrf = ConsoleSession.csrfOf(browser.get("/password-reset").raw().body());
        browser.post("/password-reset", Map.of("csrf", csrf, "email", "linus@acme.test"));
        String path = Mailbox.linkPath(Mailbox.body(mailbox.await(1).getFirst()));

        clock.advance(Duration.ofMinutes(30));
        TestServer.Reply page = browser.get(path);

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.raw().body()).contains("This reset link has expired");
        assertThat(server.recorded("auth.password.resetComplete")).isEmpty();
    }
}
