package dev.attest.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member adds a passkey in real Chromium — its authenticator is Chromium's virtual one (CDP {@code WebAuthn}, CTAP2,
 * built in, with a PIN or biometrics that always verify) — then signs in with their password and the passkey, then
 * with the passkey alone, and finds the three events in the log with themselves as actor, their address and browser.
 * The console is opened at {@code localhost}: WebAuthn refuses IP addresses as relying parties.
 */
class PasskeyJourneyIT {
    @TempDir
    static Path data;

    static SqliteStorage storage;
    static AttestServer server;
    static OrganizationId org;
    static String base;
    static Accounts.Created ada;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Journeys.requireChromium();
        storage = SqliteStorage.open(data, 2);
        server = Journeys.server(storage, data);
        base = "http://localhost:" + server.port();
        var accounts = new Accounts(storage, TestClock.clock());
        accounts.ensureInstallation();
        org = new Onboarding(storage.organizations(), TestClock.clock())
                .create("Acme Inc.")
                .organization()
                .id();
        ada = accounts.createMember(org, "ada@acme.test", "Ada Lovelace", Role.OWNER);
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
        Files.createDirectories(Journeys.SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
    }

    /** Chromium's virtual authenticator, as a platform authenticator with discoverable credentials. */
    private static void virtualAuthenticator(BrowserContext context, Page page) {
        CDPSession cdp = context.newCDPSession(page);
        cdp.send("WebAuthn.enable");
        var options = new JsonObject();
        options.addProperty("protocol", "ctap2");
        options.addProperty("transport", "internal");
        options.addProperty("hasResidentKey", true);
        options.addProperty("hasUserVerification", true);
        options.addProperty("isUserVerified", true);
        options.addProperty("automaticPresenceSimulation", true);
        var params = new JsonObject();
        params.add("options", options);
        cdp.send("WebAuthn.addVirtualAuthenticator", params);
    }

    private static void typePassword(Page page) {
        page.navigate(base + "/sign-in");
        page.getByLabel("Email").fill("ada@acme.test");
        page.getByLabel("Password").fill(ada.password());
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Sign in").setExact(true))
                .click();
    }

    private static void signOut(Page page) {
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Sign out").setExact(true))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/sign-in$"));
    }

    private static void usePasskey(Page page) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Use a passkey"))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));
    }

    @Test
    void member_addsPasskey_signsInWithPasswordAndPasskey_thenPasskeyAlone_andFindsItInTheLog() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            virtualAuthenticator(context, page);
            String userAgent = (String) page.evaluate("() => navigator.userAgent");
            typePassword(page);
            assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Account"))
                    .click();
            page.getByLabel("Name of the passkey").fill("Laptop <built-in>");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add a passkey"))
                    .click();
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("Passkey added.");
            assertThat(page.locator("table.passkeys")).containsText("Laptop <built-in>");
            Journeys.screenshot(page, "account-passkeys.png");
            signOut(page);

            // The password is no longer enough: the second step asks for the passkey.
            typePassword(page);
            assertThat(page).hasURL(Pattern.compile(".*/sign-in/mfa.*"));
            usePasskey(page);
            signOut(page);

            // Without a password: the passkey names the member itself.
            usePasskey(page);

            Journeys.filter(page, "Category", "auth");
            String id = ada.member().id();
            LoggedEvent.newest(page, "auth.mfa.enable")
                    .outcome("success")
                    .actor("member", id)
                    .actorEmail("ada@acme.test")
                    .target("user", id)
                    .payload("method", "webauthn")
                    .payload("passkey", "Laptop <built-in>")
                    .from(userAgent);

            // The newest sign-in is the one without a password; the one before it took password and passkey.
            LoggedEvent.open(page, "auth.login.success", 0)
                    .outcome("success")
                    .actor("member", id)
                    .target("user", id)
                    .payload("method", "webauthn")
                    .payload("email", "ada@acme.test")
                    .noPayload("mfa")
                    .from(userAgent);
            LoggedEvent.open(page, "auth.login.success", 1)
                    .outcome("success")
                    .actor("member", id)
                    .target("user", id)
                    .payload("method", "password")
                    .payload("mfa", "webauthn")
                    .from(userAgent);
        }
    }
}
