package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.testing.TestClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One's own sessions on the account page: listed with device and address, one ended, or all others at once — each
 * recorded in the member's organization's log — and never another member's.
 */
class AccountSessionsIT {
    private static final Pattern ROW = Pattern.compile("<tr id=\"session-([0-9a-f]{20})\">\\s*<td>([^<]*)");

    @TempDir
    Path data;

    TestServer server;
    Accounts.Created ada;
    Accounts.Created grace;

    @BeforeEach
    void start() {
        server = new TestServer(data);
        var accounts = new Accounts(server.storage, TestClock.clock());
        ada = accounts.createMember(server.acmeId(), "ada@acme.test", "Ada", Role.AUDITOR);
        grace = accounts.createMember(server.acmeId(), "grace@acme.test", "Grace", Role.AUDITOR);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ConsoleSession signedIn(Accounts.Created who, String userAgent) {
        var browser = new ConsoleSession(server, userAgent);
        browser.signInAs(who.member().email(), who.password());
        return browser;
    }

    private static List<String> sessionIds(String page) {
        var ids = new ArrayList<String>();
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            ids.add(row.group(1));
        }
        return ids;
    }

    @Test
    void signOut_tellsTheBrowserToForgetTheCookie_notToKeepAnEmptyOne() {
        ConsoleSession browser =
                signedIn(ada, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
        String csrf = ConsoleSession.csrfOf(browser.get("/account").raw().body());

        TestServer.Reply out = browser.post("/sign-out", Map.of("csrf", csrf));

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.raw().headers().allValues("Set-Cookie"))
                .filteredOn(cookie -> cookie.startsWith("attest_session="))
                .singleElement()
                .satisfies(cookie -> assertThat(cookie)
                        .startsWith("attest_session=;")
                        .contains("Expires=Thu, 1 Jan 1970 00:00:00 GMT")
                        .contains("HttpOnly"));
        assertThat(browser.get("/account").status()).isEqualTo(303);
    }

    @Test
    void list_showsDeviceAndAddress_endOne_recordedAndThatBrowserSignedOut() {
        ConsoleSession laptop = signedIn(ada, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
        ConsoleSession phone = signedIn(
                ada, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Version/18.1 Mobile Safari/604.1");

        String page = laptop.get("/account").raw().body();
        assertThat(page)
                .contains("Firefox on Linux <strong>(this browser)</strong>")
                .contains("Safari on iPhone")
                .contains("<code>127.0.0.1</code>");
        List<String> ids = sessionIds(page);
        assertThat(ids).hasSize(2);
        Matcher rows = ROW.matcher(page);
        String phoneId = null;
        while (rows.find()) {
            if (rows.group(2).startsWith("Safari on iPhone")) {
                phoneId = rows.group(1);
            }
        }
        assertThat(phoneId).isNotNull();

        TestServer.Reply ended = laptop.post(
                "/account/sessions/end",
                Map.of("csrf", ConsoleSession.csrfOf(page), "session", String.valueOf(phoneId)));
        assertThat(ended.header("Location")).isEqualTo("/account?done=ended");
        assertThat(phone.get("/account").status()).as("the phone is signed out").isEqualTo(303);
        assertThat(laptop.get("/account").status()).isEqualTo(200);
        Event logout = server.recorded("auth.logout").getFirst();
        assertThat(logout.actor().id()).isEqualTo(ada.member().id());
        assertThat(logout.payload())
                .containsEntry("session", "other")
                .containsEntry(
                        "session_user_agent",
                        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Version/18.1" + " Mobile Safari/604.1");
    }

    @Test
    void endOthers_keepsThisSession_recordsTheCount() {
        ConsoleSession here = signedIn(ada, "Firefox/133.0");
        ConsoleSession elsewhere = signedIn(ada, "Chrome/131.0");
        ConsoleSession third = signedIn(ada, "curl/8.5.0");
        ConsoleSession graces = signedIn(grace, "Firefox/133.0");

        String csrf = ConsoleSession.csrfOf(here.get("/account").raw().body());
        TestServer.Reply done = here.post("/account/sessions/end-others", Map.of("csrf", csrf));

        assertThat(done.header("Location")).isEqualTo("/account?others=2");
        assertThat(here.get("/account?others=2").raw().body()).contains("Your 2 other sessions have ended.");
        assertThat(elsewhere.get("/account").status()).isEqualTo(303);
        assertThat(third.get("/account").status()).isEqualTo(303);
        assertThat(graces.get("/account").status())
                .as("another member's session")
                .isEqualTo(200);
        Event event = server.recorded("auth.session.deleteAll").getFirst();
        assertThat(event.actor().id()).isEqualTo(ada.member().id());
        assertThat(event.payload()).containsEntry("count", 2L).containsEntry("email", "ada@acme.test");
        assertThat(event.context().userAgent()).isEqualTo("Firefox/133.0");
    }

    @Test
    void endOne_anotherMembersSessionOrForgedCsrf_endsNothing() {
        ConsoleSession ada = signedIn(this.ada, "Firefox/133.0");
        ConsoleSession graces = signedIn(grace, "Chrome/131.0");
        String gracesId = sessionIds(graces.get("/account").raw().body()).getFirst();
        String csrf = ConsoleSession.csrfOf(ada.get("/account").raw().body());

        TestServer.Reply refused = ada.post("/account/sessions/end", Map.of("csrf", csrf, "session", gracesId));
        assertThat(refused.header("Location")).isEqualTo("/account?done=gone");
        TestServer.Reply forged = ada.post("/account/sessions/end-others", Map.of("csrf", "not-the-token"));
        assertThat(forged.status()).isEqualTo(403);

        assertThat(graces.get("/account").status()).isEqualTo(200);
        assertThat(server.recorded("auth.logout")).isEmpty();
        assertThat(server.recorded("auth.session.deleteAll")).isEmpty();
    }
}
