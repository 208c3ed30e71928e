package dev.attest.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.PageRequest;
import dev.attest.server.AttestServer;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.SteppingClock;
import dev.attest.testing.TestClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vendor's customer reads their organization's log without an Attest account (docs/adr/0015): through a portal link
 * opened in Chromium (browse, open the drawer, export; then the session and the export are in the log; the link a
 * second time, or too late, gets a clear page), and through {@code <attest-log>} embedded in a host page served from a
 * second origin with a token from a test "vendor backend" (events, filters, a verified proof; nothing of another
 * organization nor outside its restrictions).
 */
class PortalJourneyIT {
    private static final Pattern LINK = Pattern.compile("\"link\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    static Path data;

    static final SteppingClock CLOCK = new SteppingClock();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static SqliteStorage storage;
    static AttestServer server;
    static String base;
    static OrganizationId acme;
    static String acmeKey;
    static OrganizationId globex;
    static Playwright playwright;
    static Browser browser;
    static @org.jspecify.annotations.Nullable HttpServer vendor;

    @BeforeAll
    static void start() throws Exception {
        Journeys.requireChromium();
        storage = SqliteStorage.open(data, 2);
        server = Journeys.server(storage, data, CLOCK);
        base = "http://127.0.0.1:" + server.port();
        var onboarding = new Onboarding(storage.organizations(), TestClock.clock());
        var created = onboarding.create("Acme Inc.");
        acme = created.organization().id();
        acmeKey = created.apiKey().secret();
        var other = onboarding.create("Globex");
        globex = other.organization().id();
        append(acme, acmeKey, "evt_role_prod", "user.roleChange", "production", "Grace Hopper");
        append(acme, acmeKey, "evt_login_prod", "document.share", "production", "Ada Lovelace");
        append(acme, acmeKey, "evt_role_staging", "user.roleChange", "staging", "Staging Secret");
        append(globex, other.apiKey().secret(), "evt_globex_only", "user.roleChange", "production", "Globex Person");
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
        Files.createDirectories(Journeys.SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        HttpServer backend = vendor;
        if (backend != null) {
            backend.stop(0);
        }
        Journeys.stop(browser, playwright, server, storage);
    }

    private static void append(OrganizationId org, String key, String id, String action, String workspace, String name)
            throws IOException, InterruptedException {
        String payload = action.equals("user.roleChange") ? "{\"from\": \"member\", \"to\": \"admin\"}" : "{}";
        String body = "{\"id\": \"" + id + "\", \"action\": \"" + action + "\", \"workspace\": \"" + workspace
                + "\", \"actor\": {\"type\": \"member\", \"id\": \"usr_1\", \"name\": \"" + name
                + "\"}, \"target\": {\"type\": \"user\", \"id\": \"usr_2\", \"name\": \"" + name + "\"}, \"payload\": "
                + payload + "}";
        HttpResponse<String> reply = call("POST", "/v1/organizations/" + org + "/events", key, body);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
    }

    private static HttpResponse<String> call(String method, String path, String key, String body)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the vendor's backend does: one call with its key, for one customer and what they may see. */
    private static String mint(String route, Pattern secret) throws IOException, InterruptedException {
        HttpResponse<String> reply = call(
                "POST",
                "/v1/organizations/" + acme + route,
                acmeKey,
                "{\"viewer\": {\"id\": \"cust_42\", \"email\": \"olive@customer.test\", \"name\": \"Olive Ops\"},"
                        + " \"workspaces\": [\"production\"], \"export_allowed\": true}");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        Matcher matcher = secret.matcher(reply.body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static List<Event> recorded(String action) {
        return storage.events()
                .query(
                        EventFilter.builder(acme).actions(List.of(action)).build(),
                        PageRequest.first(PageRequest.MAX_LIMIT))
                .events();
    }

    @Test
    void portalLink_browseExport_recorded_andTheLinkWorksOnce() throws Exception {
        String link = mint("/portal-links", LINK);
        BrowserContext context = browser.newContext(
                new Browser.NewContextOptions().setViewportSize(1280, 900).setAcceptDownloads(true));
        try {
            Page page = context.newPage();
            page.navigate(link);
            assertThat(page).hasURL(base + "/portal/" + acme + "/log");
            Locator rows = page.locator("#rows tr.row");
            assertThat(rows).hasCount(2);
            assertThat(page.locator("#rows")).not().containsText("Staging Secret");
            assertThat(page.locator("header.top")).containsText("Olive Ops");

            Journeys.filter(page, "Category", "user");
            assertThat(rows).hasCount(1);
            rows.first().click();
            assertThat(page.locator("#drawer")).containsText("user.roleChange");
            assertThat(page.locator("#drawer .proof"))
                    .containsText(
                            "Verified",
                            new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                                    .setTimeout(15_000));
            Journeys.screenshot(page, "portal.png");

            // The drawer lies over the export buttons: closed first, as a person would.
            page.keyboard().press("Escape");
            assertThat(page.locator("#drawer-panel")).hasCount(0);
            Download csv =
                    page.waitForDownload(() -> page.getByText("Export CSV").click());
            String exported = Files.readString(csv.path(), StandardCharsets.UTF_8);
            assertThat(exported).contains("evt_role_prod").doesNotContain("evt_role_staging");

            Event view = recorded("log.view").stream()
                    .filter(e -> e.outcome() == dev.attest.core.event.Outcome.SUCCESS)
                    .findFirst()
                    .orElseThrow();
            assertThat(view.actor().type()).isEqualTo(ActorType.VIEWER);
            assertThat(view.actor().email()).isEqualTo("olive@customer.test");
            Event export = recorded("log.export").getFirst();
            assertThat(export.actor().type()).isEqualTo(ActorType.VIEWER);
            assertThat(export.actor().name()).isEqualTo("Olive Ops");

            // The session and the export are in the log it shows (the viewer's own workspace is default, outside
            // production: a vendor that wants them seen gives no workspace restriction).
            Page second = context.newPage();
            second.navigate(link);
            assertThat(second.locator("h1")).hasText("This link was already used");
        } finally {
            context.close();
        }

        String late = mint("/portal-links", LINK);
        CLOCK.advance(Duration.ofMinutes(5).plusSeconds(1));
        BrowserContext fresh = browser.newContext();
        try {
            Page page = fresh.newPage();
            com.microsoft.playwright.Response response = page.navigate(late);
            assertThat(response.status()).isEqualTo(410);
            assertThat(page.locator("h1")).hasText("This link has expired");
        } finally {
            fresh.close();
        }
    }

    @Test
    void embeddedViewer_onAnotherOrigin_seesFiltersAndVerifiesOnlyWhatItMay() throws Exception {
        HttpServer backend =
                HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        vendor = backend;
        String origin = "http://127.0.0.1:" + backend.getAddress().getPort();
        HttpResponse<String> origins = call(
                "PUT", "/v1/organizations/" + acme + "/viewer-origins", acmeKey, "{\"origins\": [\"" + origin + "\"]}");
        assertThat(origins.statusCode()).as(origins.body()).isEqualTo(200);
        String hostPage = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Customer admin</title>"
                + "<style>body{font-family:system-ui;margin:1rem;background:#f6f7fb}"
                + "attest-log{--attest-accent:#7a2bd1;--attest-radius:10px}</style>"
                + "<script src=\"" + base + "/embed/attest-log.js\" defer></script></head><body>"
                + "<h1>Example SaaS · Audit log</h1>"
                + "<attest-log id=\"log\" organization=\"" + acme + "\"></attest-log>"
                + "<script>addEventListener('DOMContentLoaded', async () => {"
                + "const r = await fetch('/token'); const t = await r.json();"
                + "document.getElementById('log').token = t.token; });</script></body></html>";
        backend.createContext("/", exchange -> {
            byte[] bytes;
            String type;
            if (exchange.getRequestURI().getPath().equals("/token")) {
                try {
                    bytes = ("{\"token\": \"" + mint("/viewer-tokens", TOKEN) + "\"}").getBytes(StandardCharsets.UTF_8);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                type = "application/json";
            } else {
                bytes = hostPage.getBytes(StandardCharsets.UTF_8);
                type = "text/html; charset=utf-8";
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        backend.start();

        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        try {
            Page page = context.newPage();
            page.onConsoleMessage(m -> System.err.println("browser console: " + m.type() + " " + m.text()));
            page.navigate(origin + "/");
            Locator rows = page.locator("attest-log tbody tr");
            assertThat(rows).hasCount(2);
            assertThat(page.locator("attest-log table")).not().containsText("Staging Secret");

            page.locator("attest-log select[name=category]").selectOption("user");
            assertThat(rows).hasCount(1);
            assertThat(rows.first()).containsText("Grace Hopper");

            rows.first().focus();
            page.keyboard().press("Enter");
            Locator drawer = page.locator("attest-log aside");
            assertThat(drawer).containsText("user.roleChange");
            assertThat(drawer.locator("[data-proof]")).hasAttribute("data-proof", "verified");
            assertThat(drawer.locator("pre")).containsText("\"evt_role_prod\"");
            Journeys.screenshot(page, "attest-log-embedded.png");
            page.keyboard().press("Escape");
            assertThat(drawer).isHidden();

            // Another organization, or outside the restrictions, from the same page and token: nothing to read.
            Object otherOrg = page.evaluate(
                    "async () => { const t = document.getElementById('log').token;"
                            + " try { const r = await fetch('" + base + "/v1/organizations/" + globex
                            + "/viewer/events',"
                            + " {headers: {Authorization: 'Bearer ' + t}}); return r.status; } catch (e) { return 'blocked'; } }");
            assertThat(String.valueOf(otherOrg)).isIn("blocked", "404");
            Object staging = page.evaluate("async () => { const t = document.getElementById('log').token;"
                    + " const r = await fetch('" + base + "/v1/organizations/" + acme
                    + "/viewer/events/evt_role_staging',"
                    + " {headers: {Authorization: 'Bearer ' + t}}); return r.status; }");
            assertThat(String.valueOf(staging)).isEqualTo("404");
            Object widened = page.evaluate("async () => { const t = document.getElementById('log').token;"
                    + " const r = await fetch('" + base + "/v1/organizations/" + acme
                    + "/viewer/events?workspace=staging',"
                    + " {headers: {Authorization: 'Bearer ' + t}}); return (await r.json()).data.length; }");
            assertThat(String.valueOf(widened)).isEqualTo("0");

            // A phone's width: nothing wider than the screen.
            page.setViewportSize(390, 844);
            assertThat(rows).hasCount(1);
            Object width = page.evaluate("() => document.documentElement.scrollWidth");
            assertThat(((Number) width).intValue()).isLessThanOrEqualTo(390);
        } finally {
            context.close();
        }
    }
}
