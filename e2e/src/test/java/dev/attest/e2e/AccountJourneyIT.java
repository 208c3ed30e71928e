package dev.attest.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.attest.core.account.Totp;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.org.Onboarding;
import dev.attest.server.AttestServer;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account-security events a person causes by hand, each found afterwards in the log with its actor, address and
 * browser: signing out everywhere else, changing one's password, turning MFA off with a recovery code; and an admin
 * ending a member's sessions and setting their password.
 */
class AccountJourneyIT {
    private static final String ADA_NEW = "analytical engine 1843";
    private static final String ADA_BY_ADMIN = "set by grace for ada 1952";

    @TempDir
    static Path data;

    static SqliteStorage storage;
    static AttestServer server;
    static OrganizationId org;
    static String base;
    static Accounts.Created ada;
    static Accounts.Created grace;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() {
        Journeys.requireChromium();
        storage = SqliteStorage.open(data, 2);
        server = Journeys.server(storage, data);
        base = "http://127.0.0.1:" + server.port();
        var accounts = new Accounts(storage, TestClock.clock());
        accounts.ensureInstallation();
        org = new Onboarding(storage.organizations(), TestClock.clock())
                .create("Acme Inc.")
                .organization()
                .id();
        ada = accounts.createMember(org, "ada@acme.test", "Ada Lovelace", Role.AUDITOR);
        grace = accounts.createMember(org, "grace@acme.test", "Grace Hopper", Role.ADMIN);
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
    }

    private static Page signedIn(BrowserContext context, String email, String password) {
        Page page = context.newPage();
        Journeys.signIn(page, base + "/sign-in", email, password);
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));
        return page;
    }

    private static void click(Page page, String button) {
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName(button).setExact(true))
                .click();
    }

    @Test
    void sessionsPasswordsAndMfa_byTheMemberAndByAnAdmin_allInTheLog() {
        try (BrowserContext laptop = browser.newContext();
                BrowserContext phone = browser.newContext();
                BrowserContext admin = browser.newContext()) {
            Page page = signedIn(laptop, "ada@acme.test", ada.password());
            String userAgent = (String) page.evaluate("() => navigator.userAgent");
            Page other = signedIn(phone, "ada@acme.test", ada.password());

            // Ada signs out of her other browser from the account page.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Account"))
                    .click();
            click(page, "Sign out everywhere else");
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("Your other session has ended.");
            other.reload();
            assertThat(other).hasURL(Pattern.compile(".*/sign-in.*"));

            // She changes her password.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Change your password"))
                    .first()
                    .click();
            OwnPasswordForm.send(page, ada.password(), ADA_NEW);
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("Your password is changed");

            // She turns MFA on, then off again with a recovery code.
            page.navigate(base + "/account");
            click(page, "Set up an authenticator app");
            byte[] key = Totp.fromBase32(page.locator("code.secret").innerText().strip());
            page.getByLabel("Code", new Page.GetByLabelOptions().setExact(true))
                    .fill(Totp.code(key, Totp.step(TestClock.now()), Totp.DIGITS));
            click(page, "Turn MFA on");
            List<String> recovery = page.getByRole(
                            AriaRole.REGION, new Page.GetByRoleOptions().setName("Recovery codes"))
                    .locator("code")
                    .allInnerTexts();
            page.navigate(base + "/account");
            page.getByLabel("Code from your app, or a recovery code").fill(recovery.get(0));
            click(page, "Turn MFA off");
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("MFA is off");

            // Grace, an admin, ends Ada's sessions, then sets her password.
            Page desk = signedIn(admin, "grace@acme.test", grace.password());
            String adminAgent = (String) desk.evaluate("() => navigator.userAgent");
            desk.navigate(base + "/orgs/" + org + "/members");
            click(desk, "End sessions of Ada Lovelace");
            assertThat(desk.getByRole(AriaRole.STATUS)).containsText("Ada Lovelace: 1 session ended.");
            page.reload();
            assertThat(page).hasURL(Pattern.compile(".*/sign-in.*"));
            desk.getByLabel("New password for Ada Lovelace").fill(ADA_BY_ADMIN);
            desk.locator("#member-" + ada.member().id())
                    .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Set password"))
                    .click();
            assertThat(desk.getByRole(AriaRole.STATUS)).containsText("Ada Lovelace's password is set");
            signedIn(phone, "ada@acme.test", ADA_BY_ADMIN);

            desk.navigate(base + "/orgs/" + org + "/log");
            Journeys.filter(desk, "Category", "auth");
            String adaId = ada.member().id();
            String graceId = grace.member().id();
            LoggedEvent.newest(desk, "auth.password.selfChange")
                    .outcome("success")
                    .actor("member", adaId)
                    .actorEmail("ada@acme.test")
                    .target("user", adaId)
                    .payload("email", "ada@acme.test")
                    .from(userAgent);
            LoggedEvent.newest(desk, "auth.mfa.disable")
                    .outcome("success")
                    .actor("member", adaId)
                    .target("user", adaId)
                    .payload("method", "totp")
                    .from(userAgent);
            // Newest first: Grace's ending of Ada's sessions, then Ada's "everywhere else".
            LoggedEvent.open(desk, "auth.session.deleteAll", 0)
                    .outcome("success")
                    .actor("member", graceId)
                    .actorEmail("grace@acme.test")
                    .target("user", adaId)
                    .payload("count", 1)
                    .from(adminAgent);
            LoggedEvent.open(desk, "auth.session.deleteAll", 1)
                    .outcome("success")
                    .actor("member", adaId)
                    .target("user", adaId)
                    .payload("count", 1)
                    .payload("kept", "current")
                    .from(userAgent);
            LoggedEvent adminChange = LoggedEvent.newest(desk, "auth.password.adminChange")
                    .outcome("success")
                    .actor("member", graceId)
                    .actorEmail("grace@acme.test")
                    .target("user", adaId)
                    .payload("email", "ada@acme.test")
                    .from(adminAgent);
            assertThat(adminChange.text()).contains("\"role\" : \"admin\"").contains("Ada Lovelace");
            assertThat(adminChange.text()).doesNotContain(ADA_BY_ADMIN);
        }
    }
}
