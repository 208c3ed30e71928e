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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An owner deletes the organization from its settings page in real Chromium, typing its name; at once a member's
 * session and the organization's API key are refused; a super-user then finds {@code org.delete} in its log with the
 * owner as actor and the owner's address and browser as context (ADR 0010).
 */
class OrganizationDeleteJourneyIT {
    @TempDir
    static Path data;

    static SqliteStorage storage;
    static AttestServer server;
    static OrganizationId org;
    static String apiKey;
    static String base;
    static Accounts.Created owner;
    static Accounts.Created member;
    static Accounts.Created root;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Journeys.requireChromium();
        storage = SqliteStorage.open(data, 2);
        server = Journeys.server(storage, data);
        base = "http://127.0.0.1:" + server.port();
        var accounts = new Accounts(storage, TestClock.clock());
        root = Objects.requireNonNull(accounts.ensureSuperUser("root@attest.test", null));
        Onboarding.Created created = new Onboarding(storage.organizations(), TestClock.clock()).create("Doomed Corp");
        org = created.organization().id();
        apiKey = created.apiKey().secret();
        owner = accounts.createMember(org, "ada@doomed.test", "Ada Lovelace", Role.OWNER);
        member = accounts.createMember(org, "linus@doomed.test", "Linus Torvalds", Role.AUDITOR);
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
        Files.createDirectories(Journeys.SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
    }

    private static void signIn(Page page, String email, String password, String landing) {
        Journeys.signIn(page, base + "/", email, password);
        assertThat(page).hasURL(Pattern.compile(".*" + landing + "(\\?.*)?$"));
    }

    private static int status(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create(base + path))
                                    .header("Authorization", "Bearer " + apiKey)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    @Test
    void owner_deletesTheOrganization_everyWayInEnds_andASuperUserFindsTheDeletionInItsLog() throws Exception {
        String events = "/v1/organizations/" + org + "/events";
        assertThat(status(events)).isEqualTo(200);
        try (BrowserContext auditorContext = browser.newContext();
                BrowserContext ownerContext = browser.newContext();
                BrowserContext rootContext = browser.newContext()) {
            Page auditor = auditorContext.newPage();
            signIn(auditor, "linus@doomed.test", member.password(), "/orgs/" + org + "/log");

            Page page = ownerContext.newPage();
            signIn(page, "ada@doomed.test", owner.password(), "/orgs/" + org + "/log");
            String userAgent = LoggedEvent.userAgentOf(page);
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Organization"))
                    .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Settings"))
                    .click();
            Locator confirm = page.getByLabel("to confirm");
            Locator delete =
                    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete organization"));

            confirm.fill("Doomed corp");
            delete.click();
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("Confirm: type the organization's name exactly");
            Journeys.screenshot(page, "settings-delete.png");
            page.getByLabel("to confirm").fill("Doomed Corp");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete organization"))
                    .click();
            assertThat(page.locator("h1")).hasText("Organization deleted");

            // At once: the auditor's session, the owner's, and the organization's key are refused.
            auditor.navigate(base + "/orgs/" + org + "/log");
            assertThat(auditor).hasURL(Pattern.compile(".*/sign-in.*"));
            page.navigate(base + "/orgs/" + org + "/settings");
            assertThat(page).hasURL(Pattern.compile(".*/sign-in.*"));
            assertThat(status(events)).isEqualTo(401);

            // A super-user still reads the log, and finds the deletion as its last event.
            Page rootPage = rootContext.newPage();
            signIn(rootPage, "root@attest.test", root.password(), "/orgs");
            rootPage.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Doomed Corp (deleted)"))
                    .click();
            assertThat(rootPage).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));
            Locator deletion = LoggedEvent.rows(rootPage, "org.delete");
            assertThat(deletion).hasCount(1);
            assertThat(rootPage.locator("tbody#rows tr.row").first()).containsText("org.delete");
            LoggedEvent.newest(rootPage, "org.delete")
                    .byMember(owner.member())
                    .target("organization", org.value())
                    .payload("name", "Doomed Corp")
                    .from(userAgent);
        }
    }
}
