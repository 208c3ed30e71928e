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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An owner makes a developer app in real Chromium and copies its client secret from the page (the one time it is
 * shown); the app gets a token at {@code /oauth/token} and acts on {@code /v1} as actor {@code app}; the owner resets
 * the secret (the old secret and the old token stop at once) and deletes the app (its token stops); the three changes
 * are in the log with the owner as actor and the client id, never the secret.
 */
class AppsJourneyIT {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

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

    /** What {@code /oauth/token} answers to these client credentials (HTTP Basic). */
    private static HttpResponse<String> token(String clientId, String secret) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String accessToken(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Matcher matcher = ACCESS_TOKEN.matcher(answer.body().replace(" ", ""));
        assertThat(matcher.find()).as(answer.body()).isTrue();
        return matcher.group(1);
    }

    /** {@code POST /v1/organizations/{org}{path}} with {@code token}; the status. */
    private static int post(String path, String token, String json) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/organizations/" + org + path))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static int sendEvent(String token, String appId) throws IOException, InterruptedException {
        return post(
                "/events",
                token,
                "{\"action\": \"invoice.paid\", \"actor\": {\"type\": \"app\", \"id\": \"" + appId + "\"}}");
    }

    @Test
    void owner_createsResetsAndDeletesAnApp_itsTokensWorkOnlyWhileTheyShould_andAllIsInTheLog() throws Exception {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        Page page = context.newPage();
        Journeys.signIn(page, base + "/", "ada@acme.test", owner.password());
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Organization"))
                .getByRole(
                        AriaRole.LINK,
                        new Locator.GetByRoleOptions().setName("Apps").setExact(true))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/apps$"));
        assertThat(page.locator("tr.app")).hasCount(0);

        page.getByLabel("Name").fill("Billing <sync>");
        page.getByLabel("admin").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create app"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("it is not shown again");
        String clientId = page.locator("#issued-client-id").textContent();
        String secret = page.locator("#issued-secret").textContent();
        assertThat(clientId).startsWith("cli_");
        assertThat(secret).startsWith("acs_");
        Locator row = page.locator("tr.app", new Page.LocatorOptions().setHasText("Billing <sync>"));
        assertThat(row).containsText(clientId);
        assertThat(row).containsText("events:write, admin");
        String appId = Objects.requireNonNull(row.getAttribute("id")).substring("app-".length());
        Journeys.screenshot(page, "apps.png");

        page.setViewportSize(390, 844);
        Object overflow =
                page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue())
                .as("horizontal overflow at 390 px")
                .isLessThanOrEqualTo(0);
        page.setViewportSize(1280, 900);

        // The app at work: a token for its secret, an event it sends, and a key it makes, recorded as actor app.
        String token = accessToken(token(clientId, secret));
        assertThat(sendEvent(token, appId)).isEqualTo(201);
        assertThat(post("/api-keys", token, "{\"name\": \"made by billing\", \"scopes\": [\"events:write\"]}"))
                .isEqualTo(201);

        // Opened again, the page lists the app but never shows its secret.
        page.navigate(base + "/orgs/" + org + "/apps");
        assertThat(page.locator("#issued-secret")).hasCount(0);
        assertThat(page.content()).doesNotContain(secret);

        row.getByLabel("Yes, the secret and tokens of Billing <sync> stop now").check();
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reset secret"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("no longer work");
        String fresh = page.locator("#issued-secret").textContent();
        assertThat(fresh).startsWith("acs_").isNotEqualTo(secret);
        assertThat(page.locator("#issued-client-id")).hasText(clientId);
        assertThat(sendEvent(token, appId)).as("the old token").isEqualTo(401);
        assertThat(token(clientId, secret).statusCode()).as("the old secret").isEqualTo(401);
        String freshToken = accessToken(token(clientId, fresh));
        assertThat(sendEvent(freshToken, appId)).isEqualTo(201);

        row.getByLabel("Yes, delete Billing <sync>").check();
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The app was deleted.");
        assertThat(row).hasCount(0);
        assertThat(sendEvent(freshToken, appId)).as("a token of a deleted app").isEqualTo(401);
        assertThat(token(clientId, fresh).statusCode())
                .as("the secret of a deleted app")
                .isEqualTo(401);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log"))
                .click();
        Journeys.filter(page, "Category", "developer");
        Locator rows = page.locator("tbody#rows tr.row");
        assertThat(rows).hasCount(3);
        Locator json = page.locator("#drawer pre.json");
        for (String action :
                new String[] {"developer.app.create", "developer.app.resetSecret", "developer.app.delete"}) {
            page.locator("tbody#rows tr.row", new Page.LocatorOptions().setHasText(action))
                    .click();
            assertThat(json).containsText("\"action\" : \"" + action + "\"");
            assertThat(json).containsText("\"type\" : \"member\"");
            assertThat(json).containsText("\"email\" : \"ada@acme.test\"");
            assertThat(json).containsText("\"client_id\" : \"" + clientId + "\"");
            assertThat(json).not().containsText(secret);
            assertThat(json).not().containsText(fresh);
        }

        // The key the app made is recorded with the app as its actor.
        Journeys.filter(page, "Category", "api");
        page.locator("tbody#rows tr.row", new Page.LocatorOptions().setHasText("api.key.enable"))
                .first()
                .click();
        assertThat(json).containsText("\"type\" : \"app\"");
        assertThat(json).containsText("\"id\" : \"" + appId + "\"");
        assertThat(json).not().containsText(token);
        context.close();
    }
}
