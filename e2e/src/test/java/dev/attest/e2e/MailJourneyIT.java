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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person does with Attest's mail, in real Chromium, on an installation without SMTP (the mail is read from the
 * outbox, as a super-user would pass it on): an owner invites someone, who follows the link, joins and signs in, and
 * the owner finds {@code user.invite} in the log; a member who forgot their password resets it through the link and
 * signs in with the new one.
 */
class MailJourneyIT {
    private static final Pattern LINK = Pattern.compile("https?://\\S+/(invitations|password-reset)/[A-Za-z0-9_-]+");

    @TempDir
    static Path data;

    static SqliteStorage storage;
    static AttestServer server;
    static OrganizationId org;
    static String base;
    static Accounts.Created owner;
    static Accounts.Created linus;
    static Playwright playwright;
    static Browser browser;

    BrowserContext context;
    Page page;

    @BeforeAll
    static void start() throws Exception {
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
        owner = accounts.createMember(org, "ada@acme.test", "Ada Lovelace", Role.OWNER);
        linus = accounts.createMember(org, "linus@acme.test", "Linus Torvalds", Role.AUDITOR);
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
        Files.createDirectories(Journeys.SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    private void signIn(String email, String password) {
        Journeys.signIn(page, base + "/sign-in", email, password);
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));
    }

    /** The link of the newest message in the outbox, addressed to {@code to}. */
    private static String newestLink(String to) {
        var mail = storage.outbox().latest(1).getFirst().mail();
        assertThat(mail.to()).isEqualTo(to);
        Matcher link = LINK.matcher(mail.text());
        assertThat(link.find()).as(mail.text()).isTrue();
        return link.group();
    }

    /** The id of the invitation of {@code email} on the invitations page: its row is {@code invitation-ID}. */
    private String invitationId(String email) {
        Locator row = page.locator("tr.invitation", new Page.LocatorOptions().setHasText(email));
        assertThat(row).hasCount(1);
        return Objects.requireNonNull(row.getAttribute("id")).substring("invitation-".length());
    }

    private static Locator.FilterOptions hasText(String text) {
        return new Locator.FilterOptions().setHasText(text);
    }

    @Test
    void owner_invitesByEmail_theInviteeJoinsAndTheOwnerFindsUserInvite() {
        signIn("ada@acme.test", owner.password());
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Members"))
                .click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Invitations"))
                .click();
        page.getByLabel("Email").fill("kat@acme.test");
        page.getByLabel("Role").selectOption("auditor");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Invite"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Invitation sent to the outbox");
        String invitation = invitationId("kat@acme.test");
        Journeys.screenshot(page, "invitations.png");
        String userAgent = LoggedEvent.userAgentOf(page);

        BrowserContext invitee = browser.newContext();
        Page join = invitee.newPage();
        String link = newestLink("kat@acme.test");
        join.navigate(link);
        assertThat(join.getByRole(AriaRole.HEADING)).hasText("Join Acme Inc.");
        join.getByLabel("Name").fill("Katherine Johnson");
        join.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("orbital mechanics 1962");
        join.getByLabel("Password again").fill("orbital mechanics 1962");
        join.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join"))
                .click();
        assertThat(join.getByRole(AriaRole.HEADING)).hasText("Welcome to Acme Inc.");
        // The link works once: followed again, it says so.
        join.navigate(link);
        assertThat(join.getByRole(AriaRole.HEADING)).hasText("This invitation was used already");
        invitee.close();

        page.navigate(base + "/orgs/" + org + "/log");
        Locator invite = LoggedEvent.rows(page, "user.invite").filter(hasText("kat@acme.test"));
        assertThat(invite).hasCount(1);
        LoggedEvent.open(page, "user.invite", invite)
                .byMember(owner.member())
                .target("invitation", invitation)
                .payload("email", "kat@acme.test")
                .payload("role", "auditor")
                .from(userAgent);

        context.clearCookies();
        signIn("kat@acme.test", "orbital mechanics 1962");
    }

    @Test
    void member_resetsAForgottenPasswordThroughTheLink_andSignsInWithTheNewOne() {
        page.navigate(base + "/sign-in");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Forgot your password?"))
                .click();
        page.getByLabel("Email").fill("linus@acme.test");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the link"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("If an account has the address linus@acme.test");

        page.navigate(newestLink("linus@acme.test"));
        page.getByLabel("New password").fill("free as in freedom 1991");
        page.getByLabel("Password again").fill("free as in freedom 1991");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change the password"))
                .click();
        assertThat(page.getByRole(AriaRole.HEADING)).hasText("Your password is changed");

        signIn("linus@acme.test", "free as in freedom 1991");
        Locator complete =
                page.locator("tbody#rows tr.row", new Page.LocatorOptions().setHasText("auth.password.resetComplete"));
        assertThat(complete).hasCount(1);
        complete.click();
        assertThat(page.locator("#drawer pre.json")).containsText("\"email\" : \"linus@acme.test\"");
        // The request for the link, from the signed-out browser, is in the member's organization's log too.
        page.navigate(base + "/orgs/" + org + "/log");
        page.locator("tbody#rows tr.row", new Page.LocatorOptions().setHasText("auth.password.resetRequest"))
                .first()
                .click();
        assertThat(page.locator("#drawer pre.json")).containsText("\"email\" : \"linus@acme.test\"");
        assertThat(page.locator("#drawer pre.json")).containsText("\"ip\" : \"127.0.0.1\"");
    }

    @Test
    void owner_resendsThenRevokesAnInvitation_theOldLinksSayWhy_andTheOwnerFindsBothInTheLog() {
        signIn("ada@acme.test", owner.password());
        String userAgent = LoggedEvent.userAgentOf(page);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Members"))
                .click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Invitations"))
                .click();
        page.getByLabel("Email").fill("mary@acme.test");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Invite"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Invitation sent to the outbox");
        String invitation = invitationId("mary@acme.test");
        String first = newestLink("mary@acme.test");
        Locator row = page.locator("#invitation-" + invitation);

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resend to mary@acme.test"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Invitation sent again with a new link");
        String second = newestLink("mary@acme.test");
        assertThat(second).isNotEqualTo(first);

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke invitation of mary@acme.test"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Invitation revoked: its link no longer works.");
        assertThat(row).containsText("revoked");

        // The person tries both links they were sent: each page says why it does not work, and what to do.
        try (BrowserContext invitee = browser.newContext()) {
            Page mail = invitee.newPage();
            mail.navigate(first);
            assertThat(mail.getByRole(AriaRole.HEADING)).hasText("This invitation link does not work");
            assertThat(mail.locator("main")).containsText("only the newest link works");
            mail.navigate(second);
            assertThat(mail.getByRole(AriaRole.HEADING)).hasText("This invitation was revoked");
            assertThat(mail.locator("main")).containsText("Ask them if you think this is a mistake");
        }

        page.navigate(base + "/orgs/" + org + "/log");
        LoggedEvent.newest(page, "user.invite.resend")
                .byMember(owner.member())
                .target("invitation", invitation)
                .payload("email", "mary@acme.test")
                .from(userAgent);
        LoggedEvent.newest(page, "user.invite.revoke")
                .byMember(owner.member())
                .target("invitation", invitation)
                .payload("email", "mary@acme.test")
                .from(userAgent);
    }
}
