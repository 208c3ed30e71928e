package dev.attest.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.attest.core.event.EventId;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.PageRequest;
import dev.attest.server.AttestServer;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person signs in, reads, filters, opens, pages and exports an organization's audit log in real Chromium. The server
 * and the seeded events share the tests' clock ({@link TestClock}); only the page's relative times read the browser's.
 */
class ConsoleJourneyIT {
    private static final Path SCREENSHOTS = Journeys.SCREENSHOTS;
    private static final String HOSTILE_NAME =
            "<script>window.__pwned=1</script>\"'><img src=x onerror=window.__pwned=2>";
    private static final String RLO_NAME = "invoice\u202Etxt.exe";

    @TempDir
    static Path data;

    static SqliteStorage storage;
    static AttestServer server;
    static OrganizationId org;
    static String base;
    static Accounts.Created owner;
    static Accounts.Created plainMember;
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
        Onboarding.Created acme = new Onboarding(storage.organizations(), TestClock.clock()).create("Acme Inc.");
        org = acme.organization().id();
        owner = accounts.createMember(org, "ada@acme.test", "Ada Lovelace", Role.OWNER);
        plainMember = accounts.createMember(org, "linus@acme.test", "Linus Torvalds", Role.MEMBER);
        seed(acme.apiKey().secret());
        playwright = Journeys.playwright();
        browser = Journeys.chromium(playwright);
        Files.createDirectories(SCREENSHOTS);
    }

    /** 130 events over the last days, failures among them, and events whose strings are hostile. */
    private static void seed(String apiKey) throws Exception {
        Instant now = TestClock.now().truncatedTo(ChronoUnit.SECONDS);
        var batch = new StringBuilder("[");
        for (int i = 0; i < 130; i++) {
            boolean failure = i % 10 == 3;
            String action = failure ? "auth.login.failure" : i % 2 == 0 ? "user.roleChange" : "group.create";
            String payload = failure
                    ? "{\"email\": \"grace@acme.test\", \"reason\": \"invalid_password\"}"
                    : action.equals("user.roleChange")
                            ? "{\"from\": \"member\", \"to\": \"admin\"}"
                            : "{\"name\": \"Group " + i + "\"}";
            String target = action.equals("group.create")
                    ? "{\"type\": \"group\", \"id\": \"grp_" + i + "\", \"name\": \"Group " + i + "\"}"
                    : "{\"type\": \"user\", \"id\": \"usr_grace\", \"name\": \"Grace Hopper\"}";
            String actor = failure
                    ? "{\"type\": \"unknown\"}"
                    : "{\"type\": \"member\", \"id\": \"usr_ada\", \"name\": \"Ada Lovelace\", \"email\": \"ada@acme.test\", \"role\": \"owner\"}";
            batch.append(i == 0 ? "" : ",")
                    .append("{\"id\": \"seed-")
                    .append(i)
                    .append("\", \"action\": \"")
                    .append(action)
                    .append("\", \"occurred_at\": \"")
                    .append(now.minus(Duration.ofMinutes(37L * i + 5)))
                    .append("\", \"actor\": ")
                    .append(actor)
                    .append(", \"target\": ")
                    .append(target)
                    .append(", \"outcome\": \"")
                    .append(failure ? "failure" : "success")
                    .append("\", \"context\": {\"ip\": \"203.0.113.")
                    .append(i % 250)
                    .append("\"}, \"payload\": ")
                    .append(payload)
                    .append("}");
        }
        batch.append(",")
                .append(String.format(
                        """
                {"id": "hostile", "action": "billing.invoice.paid", "occurred_at": "%s",
                 "actor": {"type": "app", "id": "app_1", "name": %s},
                 "target": {"type": "invoice", "id": "inv_1", "name": %s},
                 "payload": {"note": %s, "long": "%s", "quote": "\\"';--"}}""",
                        now.minus(Duration.ofMinutes(1)),
                        json(HOSTILE_NAME),
                        json(RLO_NAME),
                        json(HOSTILE_NAME),
                        "W".repeat(10_000)));
        batch.append("]");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> reply = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/organizations/" + org + "/events"))
                            .header("Authorization", "Bearer " + apiKey)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(batch.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        }
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @AfterAll
    static void stop() {
        Journeys.stop(browser, playwright, server, storage);
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(
                new Browser.NewContextOptions().setViewportSize(1280, 900).setAcceptDownloads(true));
        page = context.newPage();
        page.onConsoleMessage(
                message -> System.err.println("browser console: " + message.type() + " " + message.text()));
        page.onResponse(response -> {
            if (response.status() >= 400) {
                System.err.println("browser got " + response.status() + " for " + response.url());
            }
        });
        page.onDialog(dialog -> {
            throw new AssertionError("a page opened a dialog: " + dialog.message());
        });
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    private void signIn(String email, String password) {
        page.navigate(base + "/");
        assertThat(page).hasURL(Pattern.compile(".*/sign-in.*"));
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
    }

    @Test
    void failedSignIn_thenSignIn_failureAppearsInTheLogWithItsReason() {
        signIn("ada@acme.test", "not-her-password");
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.ALERT))
                .containsText("not right");

        signIn("ada@acme.test", owner.password());
        assertThat(page).hasURL(Pattern.compile(".*/orgs/" + org + "/log.*"));
        assertThat(page.locator("h1")).containsText("Acme Inc.");
        Journeys.filter(page, "Outcome", "failure");
        assertThat(page).hasURL(Pattern.compile(".*outcome=failure.*"));
        Locator first = page.locator("tbody#rows tr.row").first();
        assertThat(first).containsText("auth.login.failure");
        first.click();
        assertThat(page.locator("#drawer pre.json")).containsText("\"reason\" : \"invalid_password\"");
        assertThat(page.locator("#drawer pre.json")).containsText("not-her-password".isEmpty() ? "" : "ada@acme.test");
        assertThat(page.locator("#drawer")).containsText("IP address");
        Journeys.screenshot(page, "drawer.png");
    }

    @Test
    void filters_liveInTheUrl_andTheBackButtonRestoresThem() {
        signIn("ada@acme.test", owner.password());
        Journeys.screenshot(page, "log.png");
        Journeys.filter(page, "Category", "group");
        assertThat(page).hasURL(Pattern.compile(".*category=group.*"));
        assertThat(page.locator("tbody#rows tr.row").first()).containsText("group.create");
        page.getByLabel("Search").fill("Group 1");
        assertThat(page).hasURL(Pattern.compile(".*q=Group(\\+|%20)1.*"));
        page.goBack();
        assertThat(page).hasURL(Pattern.compile(".*category=group(?!.*q=).*"));
        page.getByLabel("Security-critical only").check();
        assertThat(page).hasURL(Pattern.compile(".*critical=true.*"));
        assertThat(page.locator(".empty")).containsText("No events match");
    }

    @Test
    void drawer_opensByKeyboard_showsProofAndDeepLink() {
        signIn("ada@acme.test", owner.password());
        Locator row = page.locator("tbody#rows tr.row").nth(1);
        row.focus();
        page.keyboard().press("Enter");
        Locator drawer = page.locator("#drawer-panel");
        assertThat(drawer).isVisible();
        assertThat(drawer).containsText("Leaf hash");
        assertThat(drawer.locator(".proof")).containsText(Pattern.compile("Verified|Not yet covered"));
        String link = drawer.getByText("Link to this event").getAttribute("href");
        page.keyboard().press("Escape");
        assertThat(page.locator("#drawer-panel")).hasCount(0);

        page.navigate(base + link);
        assertThat(page.locator("#drawer-panel")).isVisible();
        assertThat(page.locator("#drawer-panel pre.json")).containsText("\"seq\"");
    }

    @Test
    void drawer_eventAlteredInTheDatabase_saysSoInsteadOfVerified() throws Exception {
        try (var connection =
                        java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteStorage.FILE_NAME));
                var sql = connection.createStatement()) {
            // The stored event itself (its canonical bytes) gains a word in the target's name.
            assertThat(sql.executeUpdate("UPDATE events SET leaf_data = CAST(replace(CAST(leaf_data AS TEXT),"
                            + " 'Group 5', 'Group 5 (renamed)') AS BLOB) WHERE id = 'seed-5'"))
                    .isEqualTo(1);
        }
        signIn("ada@acme.test", owner.password());

        page.navigate(base + "/orgs/" + org + "/events/seed-5");

        Locator drawer = page.locator("#drawer-panel");
        assertThat(drawer).containsText("Group 5 (renamed)");
        assertThat(drawer.locator(".content.altered"))
                .containsText("does not match its leaf hash: it was altered after it was logged");
        assertThat(drawer.locator(".proof")).not().containsText("Verified");
    }

    @Test
    void loadMore_appendsThePagesWithoutDuplicates() {
        signIn("ada@acme.test", owner.password());
        // Every event of this organization lies within the last week: the pages must add up to all of them.
        long expected = storage.events().size(org);
        Journeys.filter(page, "Range", "7d");
        assertThat(page).hasURL(Pattern.compile(".*range=7d.*"));
        assertThat(page.locator("tbody#rows tr.row")).hasCount(50);
        page.getByText("Load more").click();
        assertThat(page.locator("tbody#rows tr.row")).hasCount(100);
        page.getByText("Load more").click();
        assertThat(page.locator("tbody#rows tr.row")).hasCount((int) expected);
        assertThat(page.getByText("Load more")).hasCount(0);
        Object hrefs = page.locator("tbody#rows tr.row").evaluateAll("rows => rows.map(r => r.dataset.href)");
        List<String> ids = hrefs instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
        assertThat(ids).hasSize((int) expected).doesNotHaveDuplicates();
    }

    @Test
    void export_csvAndJsonLines_downloadTheFilterAndAreRecorded() throws Exception {
        signIn("ada@acme.test", owner.password());
        Journeys.filter(page, "Outcome", "failure");
        assertThat(page).hasURL(Pattern.compile(".*outcome=failure.*"));

        Download csv = page.waitForDownload(() -> page.getByText("Export CSV").click());
        String text = Files.readString(csv.path(), StandardCharsets.UTF_8);
        Download jsonl =
                page.waitForDownload(() -> page.getByText("Export JSON Lines").click());
        List<String> lines = Files.readAllLines(jsonl.path(), StandardCharsets.UTF_8);

        assertThat(text)
                .startsWith("seq,id,occurred_at")
                .contains("auth.login.failure")
                .doesNotContain("user.roleChange");
        assertThat(lines).isNotEmpty().allMatch(line -> line.contains("\"outcome\":\"failure\""));
        var exports = storage.events()
                .query(EventFilter.builder(org).actions(List.of("log.export")).build(), PageRequest.first());
        assertThat(exports.events()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(exports.events().getFirst().actor().email()).isEqualTo("ada@acme.test");
        assertThat(String.valueOf(exports.events().getFirst().payload().get("filter")))
                .contains("outcome=failure");
    }

    @Test
    void hostileStrings_renderInert_andTheLayoutHolds() {
        signIn("ada@acme.test", owner.password());
        assertThat(page.locator("tbody#rows")).containsText("<script>window.__pwned=1</script>");
        assertThat(page.locator("tbody#rows")).containsText("invoice\\u202Etxt.exe");
        page.locator("tbody#rows tr.row", new Page.LocatorOptions().setHasText("billing.invoice.paid"))
                .click();
        assertThat(page.locator("#drawer pre.json")).containsText("WWWWWWWWWW");

        for (int width : new int[] {1280, 390}) {
            page.setViewportSize(width, 900);
            Object overflow =
                    page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).intValue())
                    .as("horizontal overflow at %d px", width)
                    .isLessThanOrEqualTo(0);
        }
        Journeys.screenshot(page, "phone.png");
        assertThat(page.evaluate("() => window.__pwned === undefined")).isEqualTo(true);
        assertThat(page.locator("img[src=x]")).hasCount(0);
    }

    @Test
    void sessionEnded_filterChange_leadsToSignInInsteadOfAnEmptyPage() {
        signIn("ada@acme.test", owner.password());
        context.clearCookies();
        Journeys.filter(page, "Outcome", "failure");
        assertThat(page).hasURL(Pattern.compile(".*/sign-in\\?next=.*"));
        assertThat(page.getByLabel("Email")).isVisible();
    }

    @Test
    void memberRole_isRefusedWithAClearMessage() {
        signIn("linus@acme.test", plainMember.password());
        assertThat(page.locator("h1")).containsText("You cannot read this audit log");
        assertThat(page.locator("main")).containsText("Your role (member) cannot read the audit log");
    }

    @Test
    void signOut_endsTheSessionAndIsRecorded() {
        signIn("ada@acme.test", owner.password());
        page.getByText("Sign out").click();
        assertThat(page).hasURL(Pattern.compile(".*/sign-in"));
        page.navigate(base + "/orgs/" + org + "/log");
        assertThat(page).hasURL(Pattern.compile(".*/sign-in.*"));
        assertThat(storage.events()
                        .query(
                                EventFilter.builder(org)
                                        .actions(List.of("auth.logout"))
                                        .build(),
                                PageRequest.first())
                        .events())
                .isNotEmpty();
        assertThat(storage.events().find(org, new EventId("hostile"))).isPresent();
    }
}
