package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.Outcome;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.server.console.Passwords;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A super-user acting as a member for support (DESIGN.md §7): started with a reason from the members page and recorded
 * as {@code auth.impersonate}; a banner while it lasts; every event meanwhile names the super-user; the member's
 * password and factors out of reach; an hour at most; never another super-user.
 */
class ImpersonationIT {
    private static final String REASON = "Ticket 4711: her CSV exports come out empty";

    @TempDir
    Path data;

    final ShiftedClock clock = new ShiftedClock();
    TestServer server;
    Accounts.Created root;
    Accounts.Created grace;
    Accounts.Created ada;
    ConsoleSession browser;
    String csrf;

    @BeforeEach
    void start() {
        server = new TestServer(SqliteStorage.open(data, 4), b -> b.clock(clock));
        var accounts = new Accounts(server.storage, TestClock.clock());
        root = Objects.requireNonNull(accounts.ensureSuperUser("root@attest.test", "Rt9!support-desk-key"));
        grace = accounts.createMember(server.acmeId(), "grace@acme.test", "Grace", Role.ADMIN);
        ada = accounts.createMember(server.acmeId(), "ada@acme.test", "Ada", Role.AUDITOR);
        browser = new ConsoleSession(server, "Firefox/133.0 (support desk)");
        csrf = browser.signInAs(root.member().email(), root.password());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String members() {
        return "/orgs/" + server.acmeId().value() + "/members";
    }

    private TestServer.Reply impersonate(Member whom, String reason) {
        return browser.post(members() + "/" + whom.id() + "/impersonate", Map.of("csrf", csrf, "reason", reason));
    }

    /** A write of the console's session to the API, as its pages send one: same origin, the CSRF header. */
    private TestServer.Reply write(String method, String path, String json) {
        return browser.send(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/json")
                .header(Callers.CSRF_HEADER, csrf)
                .header("Origin", browser.origin())
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    @Test
    void start_recordsTheReason_showsTheBanner_andEveryActionNamesTheSuperUser() {
        String page = browser.get(members()).raw().body();
        assertThat(page).contains("Impersonate <bdi>Grace</bdi>");

        TestServer.Reply started = impersonate(grace.member(), REASON);
        assertThat(started.status()).as(started.raw().body()).isEqualTo(303);

        Event event = server.recorded("auth.impersonate").getFirst();
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.actor().type()).isEqualTo(ActorType.SUPER_USER);
        assertThat(event.actor().id()).isEqualTo(root.member().id());
        assertThat(Objects.requireNonNull(event.target()).id())
                .isEqualTo(grace.member().id());
        assertThat(event.payload()).containsEntry("email", "grace@acme.test").containsEntry("reason", REASON);
        assertThat(Instant.parse(String.valueOf(event.payload().get("until"))))
                .isBetween(
                        event.receivedAt().plus(Duration.ofMinutes(59)),
                        event.receivedAt().plus(Duration.ofHours(1)));
        assertThat(event.context().userAgent()).isEqualTo("Firefox/133.0 (support desk)");
        assertThat(event.context().ip()).isEqualTo("127.0.0.1");

        String log = browser.get(started.header("Location")).raw().body();
        assertThat(log)
                .contains("You are acting as <strong><bdi>Grace</bdi></strong>")
                .contains("Ticket 4711")
                .contains("Stop impersonating");

        // Grace is an admin: acting as her, the super-user changes Ada's role — recorded as Grace's, naming them.
        TestServer.Reply changed =
                browser.post(members() + "/" + ada.member().id(), Map.of("csrf", csrf, "role", "member"));
        assertThat(changed.status()).as(changed.raw().body()).isEqualTo(303);
        Event roleChange = server.recorded("user.roleChange").getFirst();
        assertThat(roleChange.actor().id()).isEqualTo(grace.member().id());
        assertThat(roleChange.payload())
                .containsEntry("impersonator", Map.of("id", root.member().id(), "email", "root@attest.test"));

        // The same through the API with the session: the log's export records the impersonator too.
        TestServer.Reply export =
                browser.post("/orgs/" + server.acmeId().value() + "/export.jsonl", Map.of("csrf", csrf));
        assertThat(export.status()).as(export.raw().body()).isEqualTo(200);
        assertThat(server.recorded("log.export").getFirst().payload())
                .containsEntry("impersonator", Map.of("id", root.member().id(), "email", "root@attest.test"));
    }

    @Test
    void theMembersPasswordAndFactors_cannotBeChanged_whileActingAsThem() {
        impersonate(grace.member(), REASON);

        TestServer.Reply mfa = browser.post("/account/mfa/setup", Map.of("csrf", csrf));
        assertThat(mfa.status()).isEqualTo(403);
        assertThat(mfa.raw().body()).contains("cannot be changed during an impersonation");
        TestServer.Reply password = browser.post(
                "/account/password",
                Map.of(
                        "csrf",
                        csrf,
                        "current_password",
                        grace.password(),
                        "password",
                        "Quite-new-Passw0rd!",
                        "password_again",
                        "Quite-new-Passw0rd!"));
        assertThat(password.status()).isEqualTo(403);
        TestServer.Reply api = write(
                "PUT",
                "/v1/organizations/" + server.acmeId().value() + "/members/"
                        + grace.member().id() + "/password",
                "{\"password\": \"Quite-new-Passw0rd!\"}");
        assertThat(api.status()).as(api.raw().body()).isEqualTo(403);
        assertThat(api.raw().body()).contains("impersonation");

        assertThat(server.recorded("auth.mfa.enable")).isEmpty();
        assertThat(server.recorded("auth.password.selfChange")).isEmpty();
        assertThat(server.recorded("auth.password.adminChange")).isEmpty();
        assertThat(server.storage
                        .members()
                        .find(grace.member().id())
                        .orElseThrow()
                        .passwordHash())
                .isEqualTo(grace.member().passwordHash());
    }

    @Test
    void stop_returnsTheSuperUserToThemselves() {
        impersonate(grace.member(), REASON);

        TestServer.Reply stopped = browser.post("/impersonation/stop", Map.of("csrf", csrf));
        assertThat(stopped.header("Location"))
                .isEqualTo(members() + "?done=stopped&member=" + grace.member().id());
        String page = browser.get(stopped.header("Location")).raw().body();
        assertThat(page).contains("You no longer act as Grace.").doesNotContain("You are acting as");
        // Themselves again: a super-user's page of the organizations.
        assertThat(browser.get("/orgs").status()).isEqualTo(200);
    }

    @Test
    void anHourAtMost_thenTheSuperUserIsThemselvesAgain() {
        impersonate(grace.member(), REASON);
        // Keep the session itself alive (30 minutes idle) while the impersonation's hour runs out.
        for (int minutes : new int[] {25, 25, 9}) {
            clock.advance(Duration.ofMinutes(minutes));
            assertThat(browser.get(members()).raw().body()).contains("You are acting as");
        }
        clock.advance(Duration.ofMinutes(2));
        String page = browser.get(members()).raw().body();
        assertThat(page).doesNotContain("You are acting as").contains("Impersonate <bdi>Grace</bdi>");
    }

    @Test
    void disablingTheMember_endsTheImpersonation() {
        impersonate(ada.member(), REASON);
        var admin = new ConsoleSession(server);
        String adminCsrf = admin.signInAs(grace.member().email(), grace.password());
        admin.post(
                members() + "/" + ada.member().id(), Map.of("csrf", adminCsrf, "disabled", "true", "confirm", "yes"));

        assertThat(browser.get(members()).raw().body()).doesNotContain("You are acting as");
    }

    @Test
    void anotherSuperUser_isRefused_andTheRefusalRecorded() {
        var second = new Member(
                "usr_second_root",
                null,
                "second-root@attest.test",
                "Second root",
                null,
                true,
                Passwords.hash("Rt9!another-desk-key"),
                false,
                TestClock.now());
        server.storage.members().create(second);

        TestServer.Reply refused = impersonate(second, REASON);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.raw().body()).contains("a super-user cannot be impersonated");
        Event event = server.recorded("auth.impersonate").getFirst();
        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.payload()).containsEntry("email", "second-root@attest.test");
        assertThat(browser.get(members()).raw().body()).doesNotContain("You are acting as");
    }

    @Test
    void api_startWithAReason_thenStop_andRefusedWithoutOne() {
        String base = "/v1/organizations/" + server.acmeId().value() + "/members/"
                + ada.member().id() + "/impersonation";
        TestServer.Reply noReason = write("POST", base, "{\"reason\": \"   \"}");
        assertThat(noReason.status()).as(noReason.raw().body()).isEqualTo(400);
        assertThat(noReason.raw().body()).contains("\"pointer\":\"/reason\"");
        assertThat(server.recorded("auth.impersonate")).isEmpty();

        TestServer.Reply started = write("POST", base, "{\"reason\": \"" + REASON + "\"}");
        assertThat(started.status()).as(started.raw().body()).isEqualTo(201);
        assertThat(started.raw().body())
                .contains("\"member_id\":\"" + ada.member().id() + "\"");
        assertThat(started.raw().body()).contains("\"until\":\"");

        // Acting as Ada, an auditor: the API answers as it answers her.
        TestServer.Reply members = browser.send(HttpRequest.newBuilder(
                        server.uri("/v1/organizations/" + server.acmeId().value() + "/members"))
                .GET()
                .build());
        assertThat(members.status()).isEqualTo(200);
        TestServer.Reply again = write("POST", base, "{\"reason\": \"nested\"}");
        assertThat(again.status()).as("no impersonation from within one").isEqualTo(403);

        TestServer.Reply stopped = write("DELETE", base, "");
        assertThat(stopped.status()).isEqualTo(204);
        assertThat(browser.get("/orgs").status()).isEqualTo(200);
    }
}
