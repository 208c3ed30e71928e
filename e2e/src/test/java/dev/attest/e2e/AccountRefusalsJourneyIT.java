package dev.attest.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.org.Onboarding;
import dev.attest.server.AttestServer;
import dev.attest.server.console.Accounts;
import dev.attest.server.console.Passwords;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console refuses about accounts, in real Chromium, each with a message a person can act on and, where the
 * catalog has the action, recorded with outcome {@code failure} and found in the log: a password change with the wrong
 * current password; a disabled member, whose open session ends and whose sign-in is refused; a super-user trying to
 * act as another super-user.
 */
class AccountRefusalsJourneyIT {
    private static final String WRONG = "not my password at all 7";
    private static final String REASON = "Ticket 4712: check the other desk";

    @TempDir
    static Path data;

    static SqliteStorage storage;
    static AttestServer server;
    static OrganizationId org;
    static String base;
    static Accounts.Created root;
    static Accounts.Created ada;
    static Accounts.Created grace;
    static Accounts.Created linus;
    static Member secondRoot;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() {
        Journeys.requireChromium();
        storage = SqliteStorage.open(data, 2);
        server = Journeys.server(storage, data);
        base = "http://127.0.0.1:" + server.port();
        var accounts = new Accounts(storage, TestClock.clock());
        root = Objects.requireNonNull(accounts.ensureSuperUser("root@attest.test", "Rt9!support-desk-key"));
        // A second super-user, as an installation with two support desks has.
        secondRoot = new Member(
                "usr_second_root",
                null,
                "second-root@attest.test",
                "Second Root",
                null,
                true,
                Passwords.hash("Rt9!another-desk-key"),
                false,
                TestClock.now());
        storage.members().create(secondRoot);
        org = new Onboarding(storage.organizations(), TestClock.clock())
                .create("Acme Inc.")
                .organization()
                .id();
        ada = accounts.createMember(org, "ada@acme.test", "Ada Lovelace", Role.AUDITOR);
        grace = accounts.createMember(org, "grace@acme.test", "Grace Hopper", Role.ADMIN);
        linus = accounts.createMember(org, "linus@acme.test", "Linus Torvalds", Role.AUDITOR);
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
    }

    private static void typeSignIn(Page page, String email, String password) {
        Journeys.signIn(page, base + "/sign-in", email, password);
    }

    private static Page signedIn(BrowserContext context, String email, String password, String landing) {
        Page page = context.newPage();
        typeSignIn(page, email, password);
        assertThat(page).hasURL(Pattern.compile(landing));
        return page;
    }

    private static Page signedIn(BrowserContext context, String email, String password) {
        return signedIn(context, email, password, ".*/orgs/" + org + "/log.*");
    }

    private static String userAgent(Page page) {
        return (String) page.evaluate("() => navigator.userAgent");
    }

    @Test
    void wrongCurrentPassword_isRefused_thePasswordStays_andTheFailureIsInTheLog() {
        try (BrowserContext context = browser.newContext()) {
            Page page = signedIn(context, "ada@acme.test", ada.password());
            String userAgent = userAgent(page);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Account"))
                    .click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Change your password"))
                    .first()
                    .click();
            OwnPasswordForm.send(page, WRONG, "analytical engine 1843");
            assertThat(page.getByRole(AriaRole.ALERT)).hasText("Current password: it is not right.");

            // The old password still works; the refusal is in the log, without the password that was tried.
            try (BrowserContext again = browser.newContext()) {
                signedIn(again, "ada@acme.test", ada.password());
            }
            page.navigate(base + "/orgs/" + org + "/log");
            Journeys.filter(page, "Category", "auth");
            LoggedEvent refused = LoggedEvent.newest(page, "auth.password.selfChange")
                    .outcome("failure")
                    .actor("member", ada.member().id())
                    .actorEmail("ada@acme.test")
                    .target("user", ada.member().id())
                    .payload("reason", "invalid_password")
                    .payload("email", "ada@acme.test")
                    .from(userAgent);
            assertThat(refused.text()).doesNotContain(WRONG).doesNotContain("analytical engine 1843");
        }
    }

    @Test
    void disabledMember_theirOpenSessionEnds_andTheirSignInIsRefused_bothInTheLog() {
        try (BrowserContext linusBrowser = browser.newContext();
                BrowserContext admin = browser.newContext()) {
            Page his = signedIn(linusBrowser, "linus@acme.test", linus.password());
            String hisAgent = userAgent(his);
            Page desk = signedIn(admin, "grace@acme.test", grace.password());
            String graceAgent = userAgent(desk);

            desk.navigate(base + "/orgs/" + org + "/members");
            Locator row = desk.locator("#member-" + linus.member().id());
            row.getByText("Yes, disable Linus Torvalds").click();
            row.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions().setName("Disable").setExact(true))
                    .click();
            assertThat(desk.getByRole(AriaRole.STATUS))
                    .containsText("Linus Torvalds is disabled; their sessions have ended.");

            // The page Linus had open: the next click takes him to the sign-in page, which refuses him.
            his.reload();
            assertThat(his).hasURL(Pattern.compile(".*/sign-in.*"));
            typeSignIn(his, "linus@acme.test", linus.password());
            assertThat(his.getByRole(AriaRole.ALERT)).containsText("not right");
            assertThat(his).hasURL(Pattern.compile(".*/sign-in.*"));

            desk.navigate(base + "/orgs/" + org + "/log");
            Journeys.filter(desk, "Category", "auth");
            LoggedEvent.newest(desk, "auth.login.failure")
                    .outcome("failure")
                    .actor("member", linus.member().id())
                    .target("user", linus.member().id())
                    .payload("reason", "user_disabled")
                    .payload("email", "linus@acme.test")
                    .from(hisAgent);
            desk.navigate(base + "/orgs/" + org + "/log");
            LoggedEvent.newest(desk, "user.disable")
                    .outcome("success")
                    .actor("member", grace.member().id())
                    .target("user", linus.member().id())
                    .payload("email", "linus@acme.test")
                    .from(graceAgent);
        }
    }

    @Test
    void superUser_cannotActAsAnotherSuperUser_evenWithAForgedForm_andTheRefusalIsInTheLog() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = signedIn(context, "root@attest.test", root.password(), ".*/orgs$");
            String userAgent = userAgent(page);
            page.navigate(base + "/orgs/" + org + "/members");
            page.getByText("Impersonate Grace Hopper…").click();
            // The console offers no such button; a person who edits the form in the browser's tools sends it anyway.
            page.locator("#member-" + grace.member().id() + " details.impersonate form")
                    .evaluate(
                            "(form, id) => form.action = form.action.replace(/members\\/[^/]+\\/impersonate/,"
                                    + " 'members/' + id + '/impersonate')",
                            secondRoot.id());
            page.getByLabel("Why you act as Grace Hopper (recorded in the log)").fill(REASON);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Act as Grace Hopper"))
                    .click();
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("a super-user cannot be impersonated");
            assertThat(page.locator(".impersonation")).hasCount(0);
            assertThat(page.locator(".who-name")).not().containsText("Second Root");

            page.navigate(base + "/orgs/" + org + "/log");
            LoggedEvent.newest(page, "auth.impersonate")
                    .outcome("failure")
                    .actor("super_user", root.member().id())
                    .actorEmail("root@attest.test")
                    .target("user", secondRoot.id())
                    .payload("email", "second-root@attest.test")
                    .payload("reason", REASON)
                    .from(userAgent);
        }
    }
}
