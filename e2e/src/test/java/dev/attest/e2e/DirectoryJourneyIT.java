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
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An owner connects Okta in real Chromium: chooses the role people join with, makes a directory token and copies it
 * from the page (the one time it is shown). Okta then provisions a person over SCIM and deactivates them with its own
 * PATCH; the owner finds {@code auth.sso.deprovision} in the log with actor type {@code system}.
 */
class DirectoryJourneyIT {
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
    static final Pattern ID = Pattern.compile("\"id\":\"(usr_[^\"]+)\"");

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
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
    }

    /** A SCIM request as Okta sends it. */
    private static HttpResponse<String> okta(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/scim/v2/" + org + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/scim+json; charset=utf-8")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void owner_connectsOkta_oktaDeactivatesSomeone_andTheOwnerFindsItInTheLog() throws Exception {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        Page page = context.newPage();
        Journeys.signIn(page, base + "/", "ada@acme.test", owner.password());
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Organization"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Directory"))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/directory$"));

        page.getByLabel("Default role").selectOption("auditor");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save default role"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("are now auditors");

        page.getByLabel("Directory", new Page.GetByLabelOptions().setExact(true))
                .fill("okta");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Make token"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("it is not shown again");
        String token = page.locator("#issued-token").textContent();
        assertThat(token).startsWith("scim_");
        assertThat(page.locator("tr.key")).containsText("okta");
        Journeys.screenshot(page, "directory.png");

        HttpResponse<String> created = okta("POST", "/Users", token, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"linus@acme.test",\
                "name":{"givenName":"Linus","familyName":"Pauling"},\
                "emails":[{"primary":true,"value":"linus@acme.test","type":"work"}],"displayName":"Linus Pauling",\
                "externalId":"00ujl29u0le5T6Aj10h7","groups":[],"active":true}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher id = ID.matcher(created.body());
        assertThat(id.find()).isTrue();
        assertThat(storage.members().find(id.group(1)).orElseThrow().role()).isEqualTo(Role.AUDITOR);
        HttpResponse<String> deactivated = okta("PATCH", "/Users/" + id.group(1), token, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],\
                "Operations":[{"op":"replace","value":{"active":false}}]}""");
        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(200);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log"))
                .click();
        page.locator("tbody#rows tr.row", new Page.LocatorOptions().setHasText("auth.sso.deprovision"))
                .click();
        Locator json = page.locator("#drawer pre.json");
        assertThat(json).containsText("\"type\" : \"system\"");
        assertThat(json).containsText("\"name\" : \"Directory (okta)\"");
        assertThat(json).containsText("\"email\" : \"linus@acme.test\"");
        assertThat(json).containsText("\"provider\" : \"okta\"");
        assertThat(json).not().containsText(token);

        // Revoked, the token stops at once.
        page.navigate(base + "/orgs/" + org + "/directory");
        Locator row = page.locator("tr.key", new Page.LocatorOptions().setHasText("okta"));
        row.getByLabel("Yes, okta stops syncing now").check();
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("was revoked");
        assertThat(okta("GET", "/Users", token, "").statusCode()).isEqualTo(401);
        context.close();
    }
}
