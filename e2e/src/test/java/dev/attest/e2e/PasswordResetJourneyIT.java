package dev.attest.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.org.Onboarding;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import dev.attest.server.console.Accounts;
import dev.attest.server.mail.SmtpUrl;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.SteppingClock;
import dev.attest.testing.TestClock;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member who forgot their password, in real Chromium, with the mail going through SMTP to a server in the test JVM
 * (GreenMail): asks for a link, reads the mail, follows the link and sets a new password; the same link is refused a
 * second time, and a fresh one is refused once 30 minutes have passed on the server's clock. Signed in with the new
 * password, the member finds the request and the completion in the log, each with actor, target, payload, address
 * and browser.
 */
class PasswordResetJourneyIT {
    private static final Pattern LINK = Pattern.compile("https?://\\S+/password-reset/[A-Za-z0-9_-]+");
    private static final String NEW_PASSWORD = "free as in freedom 1991";

    @TempDir
    static Path data;

    static final SteppingClock CLOCK = new SteppingClock();
    static GreenMail smtp;
    static SqliteStorage storage;
    static AttestServer server;
    static OrganizationId org;
    static String base;
    static Accounts.Created linus;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() {
        Journeys.requireChromium();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        smtp.setUser("attest@localhost", "mailer", "pw");
        storage = SqliteStorage.open(data, 2);
        server = AttestServer.builder()
                .storage(storage)
                .signer(CheckpointKey.loadOrCreate(data.resolve(CheckpointKey.FILE_NAME), "attest.local"))
                .port(0)
                .clock(CLOCK)
                .smtp(SmtpUrl.parse("smtp://mailer:pw@127.0.0.1:"
                        + smtp.getSmtp().getPort() + "?starttls=never&from=attest@localhost"))
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
        linus = accounts.createMember(org, "linus@acme.test", "Linus Torvalds", Role.AUDITOR);
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
        if (smtp != null) {
            smtp.stop();
        }
    }

    /** Asks for a link on the sign-in page, as a person who forgot their password does. */
    private static void askForLink(Page page) {
        page.navigate(base + "/sign-in");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Forgot your password?"))
                .click();
        page.getByLabel("Email").fill("linus@acme.test");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the link"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("If an account has the address linus@acme.test");
    }

    /** Waits for the {@code count}-th mail and returns the link of the newest, checking it is Linus's. */
    private static String linkOfMail(int count) throws Exception {
        assertThat(smtp.waitForIncomingEmail(10_000, count))
                .as(count + " mails")
                .isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        MimeMessage newest = received[received.length - 1];
        assertThat(newest.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("linus@acme.test");
        String text = (String) newest.getContent();
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as(text).isTrue();
        return link.group();
    }

    private static void setPassword(Page page) {
        page.getByLabel("New password").fill(NEW_PASSWORD);
        page.getByLabel("Password again").fill(NEW_PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change the password"))
                .click();
    }

    @Test
    void member_resetsThroughTheMailedLink_theLinkWorksOnceAndNotAfter30Minutes_andBothStepsAreInTheLog()
            throws Exception {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            String userAgent = (String) page.evaluate("() => navigator.userAgent");

            askForLink(page);
            String link = linkOfMail(1);
            page.navigate(link);
            setPassword(page);
            assertThat(page.getByRole(AriaRole.HEADING)).hasText("Your password is changed");

            // The link is single use: followed again (from the browser's history, say), it is refused.
            page.navigate(link);
            assertThat(page.getByRole(AriaRole.HEADING)).hasText("This reset link does not work");
            assertThat(page.locator("main")).containsText("It was used already");

            // A new link, followed only after its 30 minutes have passed on the server's clock: refused.
            askForLink(page);
            String late = linkOfMail(2);
            assertThat(late).isNotEqualTo(link);
            CLOCK.advance(Duration.ofMinutes(30));
            page.navigate(late);
            assertThat(page.getByRole(AriaRole.HEADING)).hasText("This reset link has expired");
            assertThat(page.locator("main")).containsText("A reset link works for 30 minutes");

            // Linus signs in with the password he chose, and reads his organization's log.
            Journeys.signIn(page, base + "/sign-in", "linus@acme.test", NEW_PASSWORD);
            assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));
            Journeys.filter(page, "Category", "auth");
            String id = linus.member().id();
            LoggedEvent.newest(page, "auth.password.resetComplete")
                    .outcome("success")
                    .actor("member", id)
                    .actorEmail("linus@acme.test")
                    .target("user", id)
                    .payload("email", "linus@acme.test")
                    .from(userAgent);
            // Two requests, the newest first; whoever asks is not known until the link is followed.
            for (int nth = 0; nth < 2; nth++) {
                LoggedEvent request = LoggedEvent.open(page, "auth.password.resetRequest", nth)
                        .outcome("success")
                        .actorType("unknown")
                        .target("user", id)
                        .payload("email", "linus@acme.test")
                        .from(userAgent);
                assertThat(request.text()).doesNotContain(link.substring(link.lastIndexOf('/') + 1));
            }
        }
    }
}
