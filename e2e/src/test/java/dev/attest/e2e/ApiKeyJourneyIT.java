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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An owner makes a read-only key for the SIEM in real Chromium, copies it from the page (the one time it is shown),
 * regenerates it after a "leak" and revokes it; the key works only while it should and only for what its scope allows,
 * and the three changes are in the log with the owner as actor and the key's prefix, never the key.
 */
class ApiKeyJourneyIT {
    @TempDir
    static Path data;

    static SqliteStorage storage;
    static AttestServer server;
    static OrganizationId org;
    static String base;
    static Accounts.Created owner;
    static Playwright playwright;
    static Browser browser;

    static final HttpClient HTTP = HttpClient.newHttpClient();

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
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
        Files.createDirectories(Journeys.SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
    }

    private static int status(String method, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/organizations/" + org + "/events"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
        request = method.equals("GET")
                ? request.GET()
                : request.POST(HttpRequest.BodyPublishers.ofString(
                        "{\"action\": \"document.view\", \"actor\": {\"type\": \"api_key\", \"id\": \"siem\"}}"));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void owner_createsRegeneratesAndRevokesAReadOnlyKey_andFindsItInTheLog() throws Exception {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        Page page = context.newPage();
        Journeys.signIn(page, base + "/", "ada@acme.test", owner.password());
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Organization"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("API keys"))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/api-keys$"));
        assertThat(page.locator("tr.key")).containsText("Default key");

        page.getByLabel("Name").fill("SIEM <export>");
        page.getByLabel("events:write").uncheck();
        page.getByLabel("events:read").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("it is not shown again");
        String key = page.locator("#issued-key").textContent();
        assertThat(key).startsWith("atk_");
        Locator row = page.locator("tr.key", new Page.LocatorOptions().setHasText("SIEM <export>"));
        assertThat(row).containsText("events:read");
        assertThat(row).containsText("never");
        Journeys.screenshot(page, "api-keys.png");
        assertThat(status("GET", key)).isEqualTo(200);
        assertThat(status("POST", key)).isEqualTo(403);

        // Opened again, the page lists the key but never shows it.
        page.navigate(base + "/orgs/" + org + "/api-keys");
        assertThat(page.locator("#issued-key")).hasCount(0);
        assertThat(page.content()).doesNotContain(key);
        assertThat(row).containsText("127.0.0.1");

        row.getByLabel("Yes, the old key of SIEM <export> stops now").check();
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Regenerate"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("the old key no longer works");
        String fresh = page.locator("#issued-key").textContent();
        assertThat(status("GET", key)).isEqualTo(401);
        assertThat(status("GET", fresh)).isEqualTo(200);

        row.getByLabel("Yes, revoke SIEM <export>").check();
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The key was revoked.");
        assertThat(row).hasCount(0);
        assertThat(status("GET", fresh)).isEqualTo(401);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log"))
                .click();
        Journeys.filter(page, "Category", "api");
        Locator rows = page.locator("tbody#rows tr.row");
        assertThat(rows).hasCount(3);
        page.locator("tbody#rows tr.row", new Page.LocatorOptions().setHasText("api.key.enable"))
                .click();
        Locator json = page.locator("#drawer pre.json");
        assertThat(json).containsText("\"type\" : \"member\"");
        assertThat(json).containsText("\"email\" : \"ada@acme.test\"");
        assertThat(json).containsText("\"key_prefix\" : \"" + key.substring(0, 10) + "\"");
        assertThat(json).containsText("\"events:read\"");
        assertThat(json).not().containsText(key);
        context.close();
    }
}
