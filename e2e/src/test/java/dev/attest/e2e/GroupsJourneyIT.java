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
import dev.attest.core.member.Workspace;
import dev.attest.core.org.Onboarding;
import dev.attest.server.AttestServer;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin organizes the members into a group in real Chromium — creates it, renames it, ticks its members and
 * workspaces, deletes it — and then finds each change in the log with themselves as actor, the group as target, the
 * change as payload, and their own address and browser as context.
 */
class GroupsJourneyIT {
    private static final Path SCREENSHOTS = Journeys.SCREENSHOTS;

    @TempDir
    static Path data;

    static SqliteStorage storage;
    static AttestServer server;
    static OrganizationId org;
    static String base;
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
        accounts.createMember(org, "ada@acme.test", "Ada Lovelace", Role.OWNER);
        grace = accounts.createMember(org, "grace@acme.test", "Grace Hopper", Role.ADMIN);
        linus = accounts.createMember(org, "linus@acme.test", "Linus <b>Torvalds</b>", Role.MEMBER);
        storage.workspaces().create(new Workspace(org, "staging", TestClock.now()));
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

    private Locator button(Locator within, String name) {
        return within.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name));
    }

    private void signInAsGrace() {
        Journeys.signIn(page, base + "/", "grace@acme.test", grace.password());
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));
    }

    @Test
    void admin_givesAMemberAWorkspace_andFindsUserAccessChangeInTheLog() {
        signInAsGrace();
        String userAgent = LoggedEvent.userAgentOf(page);
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Organization"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Workspaces"))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/workspaces$"));

        page.getByLabel("New workspace name").fill("production");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create workspace"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Created the workspace production.");
        Locator row = page.locator("#access-" + linus.member().id());
        row.getByLabel("production").check();
        button(row, "Save access of Linus <b>Torvalds</b>").click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Saved the workspaces of Linus <b>Torvalds</b>.");
        assertThat(page.locator("#access-" + linus.member().id()).getByLabel("production"))
                .isChecked();
        Journeys.screenshot(page, "workspaces.png");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log"))
                .click();
        Journeys.filter(page, "Category", "user");
        LoggedEvent.newest(page, "user.accessChange")
                .byMember(grace.member())
                .target("user", linus.member().id())
                .payload("changes", Map.of("workspaces", Map.of("added", List.of("production"), "removed", List.of())))
                .from(userAgent);
    }

    @Test
    void admin_createsRenamesFillsAndDeletesAGroup_andFindsEveryChangeInTheLog() {
        signInAsGrace();
        String userAgent = LoggedEvent.userAgentOf(page);
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Organization"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Groups"))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/groups$"));

        page.getByLabel("New group name").fill("Platform");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create group"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Created the group Platform.");
        Locator row = page.locator("tr.group", new Page.LocatorOptions().setHasText("Platform"));
        String group = java.util.Objects.requireNonNull(row.getAttribute("id")).substring("group-".length());

        row.getByLabel("Name of Platform").fill("Infra");
        button(row, "Rename").click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Renamed the group to Infra.");

        row = page.locator("tr.group", new Page.LocatorOptions().setHasText("Infra"));
        // A name that is markup is shown as text.
        row.getByLabel("Linus <b>Torvalds</b>").check();
        row.getByLabel("Grace Hopper").check();
        button(row, "Save members of Infra").click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Saved the members of Infra.");
        assertThat(row.getByLabel("Linus <b>Torvalds</b>")).isChecked();

        row.getByLabel("staging").check();
        button(row, "Save workspaces of Infra").click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Saved the workspaces of Infra.");
        assertThat(row.getByLabel("staging")).isChecked();
        Journeys.screenshot(page, "groups.png");
        page.setViewportSize(390, 844);
        Object overflow =
                page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue())
                .as("horizontal overflow at 390 px")
                .isLessThanOrEqualTo(0);
        Journeys.screenshot(page, "groups-phone.png");
        page.setViewportSize(1280, 900);

        row.getByLabel("Yes, delete Infra").check();
        button(row, "Delete").click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Deleted the group Infra.");
        assertThat(page.locator("tr.group")).hasCount(0);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log"))
                .click();
        Journeys.filter(page, "Category", "group");
        LoggedEvent.newest(page, "group.create")
                .byMember(grace.member())
                .target("group", group)
                .payload("name", "Platform")
                .from(userAgent);
        LoggedEvent.newest(page, "group.rename")
                .byMember(grace.member())
                .target("group", group)
                .payload("from", "Platform")
                .payload("to", "Infra")
                .from(userAgent);
        LoggedEvent membersChange = LoggedEvent.newest(page, "group.membersChange")
                .byMember(grace.member())
                .target("group", group)
                .payload("added", 2)
                .payload("removed", 0)
                .from(userAgent);
        membersChange.payloadHolds(
                "added_member_ids", linus.member().id(), grace.member().id());
        LoggedEvent.newest(page, "group.accessChange")
                .byMember(grace.member())
                .target("group", group)
                .payload("changes", Map.of("workspaces", Map.of("added", List.of("staging"), "removed", List.of())))
                .from(userAgent);
        LoggedEvent.newest(page, "group.delete")
                .byMember(grace.member())
                .target("group", group)
                .payload("name", "Infra")
                .from(userAgent);
    }
}
