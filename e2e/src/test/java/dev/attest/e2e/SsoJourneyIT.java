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
import dev.attest.core.member.Role;
import dev.attest.core.org.Onboarding;
import dev.attest.server.AttestServer;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import dev.attest.testing.TestOidcProvider;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An owner sets up single sign-on in real Chromium on the Directory page — the company's OpenID Connect provider (one
 * running in this JVM), Attest's client there, the email domain — and then signs in with "Sign in with SSO": the
 * browser goes to the provider, comes back, and the owner finds {@code auth.login.success} with method {@code sso} in
 * the log.
 */
class SsoJourneyIT {
    private static final String SECRET = "journey-client-secret";

    @TempDir
    static Path data;

    static SqliteStorage storage;
    static AttestServer server;
    static TestOidcProvider provider;
    static OrganizationId org;
    static String base;
    static Accounts.Created owner;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() {
        Journeys.requireChromium();
        storage = SqliteStorage.open(data, 2);
        server = Journeys.server(storage, data);
        base = "http://127.0.0.1:" + server.port();
        provider = new TestOidcProvider("attest", SECRET, TestClock.clock());
        var accounts = new Accounts(storage, TestClock.clock());
        accounts.ensureInstallation();
        org = new Onboarding(storage.organizations(), TestClock.clock())
                .create("Acme Inc.")
                .organization()
                .id();
        owner = accounts.createMember(org, "ada@acme.test", "Ada Lovelace", Role.OWNER);
        provider.signInAs("ada@acme.test", "Ada Lovelace", true);
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
        Journeys.stop(browser, playwright, server, storage);
    }

    @Test
    void owner_setsUpSso_signsInThroughTheProvider_andFindsItInTheLog() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 1000));
        Page page = context.newPage();
        Journeys.signIn(page, base + "/", "ada@acme.test", owner.password());
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Organization"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Directory"))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/directory$"));

        page.getByLabel("Issuer URL").fill(provider.issuer());
        page.getByLabel("Client id").fill("attest");
        page.getByLabel("Client secret").fill(SECRET);
        page.getByLabel("Email domains").fill("acme.test");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save single sign-on"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Single sign-on was saved");
        assertThat(page.locator("#sso-state")).containsText("SSO is on");
        assertThat(page.getByLabel("Client secret")).hasValue("");
        assertThat(page.locator("body")).not().containsText(SECRET);
        page.locator("#sso").scrollIntoViewIfNeeded();
        Journeys.screenshot(page, "sso.png");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))
                .click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with SSO"))
                .click();
        page.getByLabel("Work email").fill("ada@acme.test");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        // Through the provider and back: signed in, on the organization's log.
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log$"));
        assertThat(provider.tokensIssued()).isEqualTo(1);

        // Newest first: the sign-in through SSO is above the one with the password.
        page.locator("tbody#rows tr.row", new Page.LocatorOptions().setHasText("auth.login.success"))
                .first()
                .click();
        Locator json = page.locator("#drawer pre.json");
        assertThat(json).containsText("\"method\" : \"sso\"");
        assertThat(json).containsText("\"email\" : \"ada@acme.test\"");
        context.close();
    }
}
