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
import dev.attest.server.CheckpointKey;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.SteppingClock;
import dev.attest.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member turns on two-step sign-in in real Chromium as a person does — scans (here: reads) the key, types the code
 * their app computes, keeps the recovery codes — then signs in with a wrong code, a right one, a replayed one and a
 * recovery code, and finds each step in the log with themselves as actor and their own address and browser.
 */
class MfaJourneyIT {
    private static final Path SCREENSHOTS = Journeys.SCREENSHOTS;

    @TempDir
    static Path data;

    static final SteppingClock CLOCK = new SteppingClock();
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
        server = AttestServer.builder()
                .storage(storage)
                .signer(CheckpointKey.loadOrCreate(data.resolve(CheckpointKey.FILE_NAME), "attest.local"))
                .port(0)
                .clock(CLOCK)
                .checkpointInterval(Duration.ofMillis(200))
                .build()
                .start();
        base = "http://127.0.0.1:" + server.port();
        var accounts = new Accounts(storage, TestClock.clock());
        accounts.ensureInstallation();
        org = new Onboarding(storage.organizations(), TestClock.clock())
                .create("Acme Inc.")
                .organization()
                .id();
        ada = accounts.createMember(org, "ada@acme.test", "Ada Lovelace", Role.OWNER);
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
    }

    private static void typePassword(Page page) {
        Journeys.signIn(page, base + "/", "ada@acme.test", ada.password());
    }

    private static void typeCode(Page page, String code) {
        assertThat(page).hasURL(Pattern.compile(".*/sign-in/mfa.*"));
        page.getByLabel("Code", new Page.GetByLabelOptions().setExact(true)).fill(code);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify"))
                .click();
    }

    private static void signOut(Page page) {
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Sign out").setExact(true))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/sign-in$"));
    }

    @Test
    void member_turnsOnMfa_signsInWithCodes_andFindsEveryStepInTheLog() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            String userAgent = (String) page.evaluate("() => navigator.userAgent");
            typePassword(page);
            assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Account"))
                    .click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set up an authenticator app"))
                    .click();
            assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName(Pattern.compile("QR code.*"))))
                    .isVisible();
            String secret = page.locator("code.secret").innerText().strip();
            Journeys.screenshot(page, "mfa-enrollment.png");
            byte[] key = Totp.fromBase32(secret);

            page.getByLabel("Code", new Page.GetByLabelOptions().setExact(true)).fill("000000");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Turn MFA on"))
                    .click();
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("Code: that is not the code your app shows now");

            page.getByLabel("Code", new Page.GetByLabelOptions().setExact(true)).fill(code(key));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Turn MFA on"))
                    .click();
            assertThat(page.getByRole(AriaRole.STATUS)).hasText("MFA is on.");
            Locator codes = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Recovery codes"))
                    .locator("code");
            assertThat(codes).hasCount(10);
            List<String> recovery = codes.allInnerTexts();
            Journeys.screenshot(page, "account.png");
            signOut(page);

            // The next sign-in asks for a code; a wrong one is refused and recorded.
            CLOCK.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
            typePassword(page);
            typeCode(page, "111111");
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("That code is not right");
            String used = code(key);
            typeCode(page, used);
            assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));
            signOut(page);

            // The same code again, within its 30 seconds: refused. A recovery code works, once.
            typePassword(page);
            typeCode(page, used);
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("or was used already");
            typeCode(page, recovery.get(0));
            assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));
            signOut(page);
            typePassword(page);
            typeCode(page, recovery.get(0));
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("That code is not right");
            typeCode(page, recovery.get(1));
            assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));

            Journeys.filter(page, "Category", "auth");
            String id = ada.member().id();
            LoggedEvent enabled = LoggedEvent.newest(page, "auth.mfa.enable")
                    .outcome("success")
                    .actor("member", id)
                    .actorEmail("ada@acme.test")
                    .target("user", id)
                    .payload("method", "totp")
                    .from(userAgent);
            assertThat(enabled.text()).doesNotContain(secret);

            // Every failed sign-in of this journey was a code refused, newest first: the spent recovery code, the
            // replayed code, the wrong one.
            for (int nth = 0; nth < 3; nth++) {
                LoggedEvent refused = LoggedEvent.open(page, "auth.login.failure", nth)
                        .outcome("failure")
                        .actor("member", id)
                        .target("user", id)
                        .payload("reason", "mfa_invalid")
                        .payload("email", "ada@acme.test")
                        .from(userAgent);
                assertThat(refused.text()).doesNotContain(recovery.get(0));
            }
            assertThat(page.locator("tbody#rows tr.row", new Page.LocatorOptions().setHasText("auth.login.failure")))
                    .hasCount(3);
        }
    }

    private static String code(byte[] key) {
        return Totp.code(key, Totp.step(CLOCK.instant()), Totp.DIGITS);
    }
}
