package dev.attest.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.org.Onboarding;
import dev.attest.server.AttestServer;
import dev.attest.server.console.Accounts;
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
 * A super-user helps a member by acting as her: starts from the members page with a reason, works under the banner,
 * stops, and finds in the log both the impersonation and the change made during it, naming the super-user.
 */
class ImpersonationJourneyIT {
    private static final String REASON = "Ticket 4711: cannot change Ada's role";

    @TempDir
    static Path data;

    static SqliteStorage storage;
    static AttestServer server;
    static OrganizationId org;
    static String base;
    static Accounts.Created root;
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
        root = Objects.requireNonNull(accounts.ensureSuperUser("root@attest.test", "Rt9!support-desk-key"));
        org = new Onboarding(storage.organizations(), TestClock.clock())
                .create("Acme Inc.")
                .organization()
                .id();
        grace = accounts.createMember(org, "grace@acme.test", "Grace Hopper", Role.ADMIN);
        accounts.createMember(org, "ada@acme.test", "Ada Lovelace", Role.MEMBER);
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
    }

    @Test
    void superUser_actsAsAMember_underTheBanner_andTheLogNamesThem() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            String userAgent = (String) page.evaluate("() => navigator.userAgent");
            Journeys.signIn(page, base + "/sign-in", "root@attest.test", root.password());
            assertThat(page).hasURL(Pattern.compile(".*/orgs$"));

            page.navigate(base + "/orgs/" + org + "/members");
            page.getByText("Impersonate Grace Hopper…").click();
            page.getByLabel("Why you act as Grace Hopper (recorded in the log)").fill(REASON);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Act as Grace Hopper"))
                    .click();

            Locator banner = page.locator(".impersonation");
            assertThat(banner).containsText("You are acting as Grace Hopper");
            assertThat(banner).containsText(REASON);
            assertThat(page.locator(".who-name")).containsText("Grace Hopper");
            // The log holds one event so far, and says so in the singular.
            assertThat(page.locator("figure.chart figcaption")).containsText("1 event · 0 failures");
            Journeys.screenshot(page, "impersonation.png");

            // As Grace, an admin: make Ada an auditor.
            page.navigate(base + "/orgs/" + org + "/members");
            assertThat(banner).isVisible();
            page.getByLabel("Role of Ada Lovelace").selectOption("auditor");
            page.locator("#member-" + memberId("ada@acme.test"))
                    .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Change role"))
                    .click();
            assertThat(page.locator(".notice")).containsText("Ada Lovelace is now auditor.");

            // Grace's own password is not the super-user's to change, not even knowing it.
            page.navigate(base + "/account/password");
            OwnPasswordForm.send(page, grace.password(), "chosen by the support desk 1");
            // The banner is an alert too: the refusal is the page's own.
            assertThat(page.locator("p.alert"))
                    .containsText("cannot be changed during an impersonation. Stop impersonating first.");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop impersonating"))
                    .click();
            assertThat(page.locator(".notice")).containsText("You no longer act as Grace Hopper.");
            assertThat(banner).hasCount(0);

            page.navigate(base + "/orgs/" + org + "/log");
            // The change is Grace's as far as permissions go, and names the super-user who made it.
            LoggedEvent.newest(page, "user.roleChange")
                    .outcome("success")
                    .actor("member", grace.member().id())
                    .actorEmail("grace@acme.test")
                    .target("user", memberId("ada@acme.test"))
                    .payload("to", "auditor")
                    .impersonator(root.member().id(), "root@attest.test")
                    .from(userAgent);
            // Nothing recorded a change of Grace's password.
            assertThat(page.locator("tbody#rows tr.row", new Page.LocatorOptions().setHasText("auth.password")))
                    .hasCount(0);

            page.navigate(base + "/orgs/" + org + "/log");
            LoggedEvent.newest(page, "auth.impersonate")
                    .outcome("success")
                    .actor("super_user", root.member().id())
                    .actorEmail("root@attest.test")
                    .target("user", memberId("grace@acme.test"))
                    .payload("email", "grace@acme.test")
                    .payload("reason", REASON)
                    .from(userAgent);
        }
    }

    private static String memberId(String email) {
        return storage.members().findByEmail(email).orElseThrow().id();
    }
}
