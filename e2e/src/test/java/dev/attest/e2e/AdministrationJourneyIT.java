package dev.attest.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.attest.core.admin.OrganizationAdministration;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.Recorder;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.RequestContext;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An owner administers the organization's members in real Chromium, then finds what they did in the log, with
 * themselves as actor, the member as target, the change as payload, and their own address and browser as context.
 */
class AdministrationJourneyIT {
    private static final Path SCREENSHOTS = Journeys.SCREENSHOTS;

    @TempDir
    static Path data;

    static SqliteStorage storage;
    static AttestServer server;
    static OrganizationId org;
    static String base;
    static Accounts.Created owner;
    static Accounts.Created grace;
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
        grace = accounts.createMember(org, "grace@acme.test", "Grace <i>Hopper</i>", Role.ADMIN);
        linus = accounts.createMember(org, "linus@acme.test", "Linus Torvalds", Role.MEMBER);
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        page = context.newPage();
        page.onDialog(dialog -> {
            throw new AssertionError("a page opened a dialog: " + dialog.message());
        });
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    private void signIn(String email, String password) {
        Journeys.signIn(page, base + "/", email, password);
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));
    }

    private Locator row(String memberId) {
        return page.locator("#member-" + memberId);
    }

    @Test
    void owner_changesARoleAndDisablesAnAdmin_andFindsBothInTheLog() {
        signIn("ada@acme.test", owner.password());
        String userAgent = LoggedEvent.userAgentOf(page);
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Organization"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Members"))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/members$"));
        // A name that is markup is shown as text.
        assertThat(row(grace.member().id())).containsText("Grace <i>Hopper</i>");

        row(linus.member().id()).getByLabel("Role of Linus Torvalds").selectOption("auditor");
        row(linus.member().id())
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Change role"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Linus Torvalds is now auditor.");
        assertThat(row(linus.member().id())).containsText("auditor");

        row(grace.member().id()).getByLabel("Yes, disable Grace <i>Hopper</i>").check();
        row(grace.member().id())
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disable"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS))
                .hasText("Grace <i>Hopper</i> is disabled; their sessions have ended.");
        assertThat(row(grace.member().id())).containsText("disabled");
        Journeys.screenshot(page, "members.png");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log"))
                .click();
        Journeys.filter(page, "Category", "user");
        assertThat(LoggedEvent.rows(page, "user.roleChange")).hasCount(1);
        LoggedEvent.newest(page, "user.roleChange")
                .byMember(owner.member())
                .target("user", linus.member().id())
                .payload("from", "member")
                .payload("to", "auditor")
                .from(userAgent);
        LoggedEvent.newest(page, "user.disable")
                .byMember(owner.member())
                .target("user", grace.member().id())
                .payload("email", "grace@acme.test")
                .payload("sessions_ended", 0)
                .from(userAgent);
    }

    @Test
    void auditor_seesMembersWithoutForms_andThePageFitsAPhone() {
        var accounts = new Accounts(storage, TestClock.clock());
        Accounts.Created auditor = accounts.createMember(org, "ida@acme.test", "Ida Rhodes", Role.AUDITOR);
        signIn("ida@acme.test", auditor.password());
        page.setViewportSize(390, 844);

        page.navigate(base + "/orgs/" + org + "/members");

        assertThat(row(owner.member().id())).containsText("ada@acme.test");
        // Each member's groups, workspaces, last sign-in (from the log) and second factor.
        assertThat(row(owner.member().id()).locator("td.workspaces")).hasText("all");
        assertThat(row(owner.member().id()).locator("td.mfa")).hasText("off");
        assertThat(row(auditor.member().id()).locator("td.last-sign-in time")).hasCount(1);
        assertThat(row(linus.member().id()).locator("td.last-sign-in")).hasText("never");
        assertThat(row(linus.member().id()).locator("td.groups")).hasText("—");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change role")))
                .hasCount(0);
        Object overflow =
                page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue())
                .as("horizontal overflow at 390 px")
                .isLessThanOrEqualTo(0);
        Journeys.screenshot(page, "members-phone.png");
    }

    @Test
    void owner_renamesTheOrganizationAndRequiresMfa_andFindsBothInTheLog() {
        signIn("ada@acme.test", owner.password());
        String userAgent = LoggedEvent.userAgentOf(page);
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Organization"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Settings"))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/settings$"));
        String before = page.getByLabel("Organization name").inputValue();

        page.getByLabel("Organization name").fill("Acme <b>Labs</b>");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rename"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The organization is now called Acme <b>Labs</b>.");
        assertThat(page.locator("h1")).containsText("Acme <b>Labs</b>");

        page.setViewportSize(390, 844);
        Object overflow =
                page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue())
                .as("horizontal overflow at 390 px")
                .isLessThanOrEqualTo(0);
        Journeys.screenshot(page, "settings-phone.png");
        page.setViewportSize(1280, 900);
        Journeys.screenshot(page, "settings.png");

        // Requiring MFA holds everyone without it at their account page at once, the owner who asked included.
        page.getByLabel("Require MFA for every member").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save MFA requirement"))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/account$"));
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Your organization requires two-step sign-in");
        // The other journeys of this class sign in without MFA: the requirement is lifted behind the browser's back.
        var settings = new OrganizationAdministration(
                storage,
                new Recorder(
                        new EventParser(TestClock.clock(), new IdGenerator(TestClock.clock())), TestClock.clock()));
        settings.change(
                Principal.of(owner.member(), org, RequestContext.NONE),
                new OrganizationAdministration.SettingsChange(null, false));
        page.navigate(base + "/orgs/" + org + "/settings");
        assertThat(page.getByLabel("Require MFA for every member")).not().isChecked();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log"))
                .click();
        Journeys.filter(page, "Category", "org");
        LoggedEvent.newest(page, "org.changeName")
                .byMember(owner.member())
                .target("organization", org.value())
                .payload("from", before)
                .payload("to", "Acme <b>Labs</b>")
                .from(userAgent);
        // Newest first: the requirement lifted behind the browser's back, then the one the owner set.
        LoggedEvent.open(
                        page,
                        "org.requireMfa",
                        LoggedEvent.rows(page, "org.requireMfa").last())
                .byMember(owner.member())
                .target("organization", org.value())
                .payload("enabled", true)
                .payload("from", false)
                .payload("to", true)
                .from(userAgent);
    }
}
