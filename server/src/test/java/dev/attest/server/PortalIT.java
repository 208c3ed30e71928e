package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.Outcome;
import dev.attest.storage.sqlite.SqliteStorage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Portal links, portal sessions and viewer tokens (docs/adr/0015), from outside: single use, expiry on the server's
 * clock, restrictions that no URL parameter widens, one organization only, CORS only for registered origins, and the
 * viewer's session and exports recorded in the organization's log with actor type {@code viewer}.
 */
class PortalIT {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path data;

    final ShiftedClock clock = new ShiftedClock();
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(SqliteStorage.open(data, 4), builder -> builder.clock(clock));
        for (String[] event : List.of(
                new String[] {"evt_prod_role", "user.roleChange", "production"},
                new String[] {"evt_prod_doc", "document.view", "production"},
                new String[] {"evt_staging_role", "user.roleChange", "staging"})) {
            TestServer.Reply posted = server.postAcme(event(event[0], event[1], event[2]));
            assertThat(posted.status()).as(posted.raw().body()).isEqualTo(201);
        }
        assertThat(server.post(
                                server.globex.organization().id(),
                                server.globex.apiKey().secret(),
                                event("evt_globex", "user.roleChange", "production"))
                        .status())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String event(String id, String action, String workspace) {
        String payload = action.equals("user.roleChange") ? "{\"from\": \"member\", \"to\": \"admin\"}" : "{}";
        return "{\"id\": \"" + id + "\", \"action\": \"" + action + "\", \"workspace\": \"" + workspace
                + "\", \"actor\": {\"type\": \"member\", \"id\": \"usr_1\", \"name\": \"Ada\"}, \"target\": {\"type\":"
                + " \"user\", \"id\": \"usr_2\"}, \"payload\": " + payload + "}";
    }

    private String v1() {
        return "/v1/organizations/" + server.acmeId().value();
    }

    private TestServer.Reply mint(String route, String body) {
        return server.call("POST", v1() + route, "Bearer " + server.acmeKey(), body);
    }

    private static final String RESTRICTED = "{\"viewer\": {\"id\": \"cust_42\", \"email\": \"ops@customer.test\","
            + " \"name\": \"Olive Ops\"}, \"workspaces\": [\"production\"], \"export_allowed\": true}";

    private TestServer.Reply page(String path, String cookie) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Cookie", cookie)
                .GET()
                .build());
    }

    /** Opens a link's path; returns the reply (no redirect is followed). */
    private TestServer.Reply open(String link) {
        return server.send(HttpRequest.newBuilder(URI.create(link)).GET().build());
    }

    private static String cookie(TestServer.Reply reply) {
        String header = reply.header("Set-Cookie");
        assertThat(header).startsWith("attest_portal=").contains("HttpOnly").contains("Path=/portal");
        return header.substring(0, header.indexOf(';'));
    }

    @Test
    void portalLink_openedOnce_startsASessionAndRecordsTheViewer_secondOpeningIsRefused() {
        TestServer.Reply minted = mint("/portal-links", RESTRICTED);
        assertThat(minted.status()).as(minted.raw().body()).isEqualTo(201);
        String link = minted.json().get("link").asString();
        assertThat(link).startsWith(server.uri("/portal/").toString());
        assertThat(minted.json().get("expires_at").asString()).isNotEmpty();

        TestServer.Reply opened = open(link);
        assertThat(opened.status()).isEqualTo(303);
        assertThat(opened.header("Location"))
                .isEqualTo("/portal/" + server.acmeId().value() + "/log");
        String cookie = cookie(opened);

        Event view = server.recorded("log.view").getFirst();
        assertThat(view.actor().type()).isEqualTo(ActorType.VIEWER);
        assertThat(view.actor().id()).isEqualTo("cust_42");
        assertThat(view.actor().email()).isEqualTo("ops@customer.test");
        assertThat(view.actor().name()).isEqualTo("Olive Ops");
        assertThat(view.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(view.payload())
                .containsEntry("portal_link", minted.json().get("id").asString());

        TestServer.Reply again = open(link);
        assertThat(again.status()).isEqualTo(410);
        assertThat(again.header("Content-Type")).startsWith("text/html");
        assertThat(again.raw().body()).contains("This link was already used");
        assertThat(again.header("Set-Cookie")).isEmpty();
        assertThat(server.recorded("log.view").getFirst().outcome()).isEqualTo(Outcome.FAILURE);

        // The session still works, the first opening's.
        assertThat(page("/portal/" + server.acmeId().value() + "/log", cookie).status())
                .isEqualTo(200);
    }

    @Test
    void portalSignOut_endsTheSession_andTellsTheBrowserToForgetItsCookie() {
        String cookie =
                cookie(open(mint("/portal-links", RESTRICTED).json().get("link").asString()));
        String log = "/portal/" + server.acmeId().value() + "/log";
        assertThat(page(log, cookie).status()).isEqualTo(200);

        TestServer.Reply out = server.send(HttpRequest.newBuilder(server.uri("/portal/sign-out"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(""))
                .build());

        assertThat(out.status()).isEqualTo(200);
        assertThat(out.header("Set-Cookie"))
                .startsWith("attest_portal=;")
                .contains("Path=/portal")
                .contains("Expires=Thu, 1 Jan 1970 00:00:00 GMT");
        // The session is over on the server too, whatever the browser keeps.
        assertThat(page(log, cookie).status()).isEqualTo(403);
    }

    @Test
    void portalLink_openedAfterFiveMinutes_isRefusedWithAClearPage() {
        String link = mint("/portal-links", "{}").json().get("link").asString();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        TestServer.Reply late = open(link);

        assertThat(late.status()).isEqualTo(410);
        assertThat(late.raw().body()).contains("This link has expired");
        assertThat(open(server.uri("/portal/" + "x".repeat(43)).toString()).status())
                .isEqualTo(404);
    }

    @Test
    void portalSession_showsOnlyItsRestrictions_whateverTheUrlAsks() {
        String cookie =
                cookie(open(mint("/portal-links", RESTRICTED).json().get("link").asString()));
        String org = "/portal/" + server.acmeId().value();

        String log = page(org + "/log?range=all", cookie).raw().body();
        assertThat(log).contains("evt_prod_role").contains("evt_prod_doc").doesNotContain("evt_staging_role");
        assertThat(log).contains("Olive Ops").doesNotContain("/account");
        // Widening by URL: another workspace is no events, never more.
        assertThat(page(org + "/log?range=all&workspace=staging", cookie).raw().body())
                .doesNotContain("evt_staging_role")
                .doesNotContain("evt_prod_role");
        assertThat(page(org + "/events/evt_staging_role", cookie).status()).isEqualTo(404);
        assertThat(page(org + "/events/evt_prod_role", cookie).status()).isEqualTo(200);
        // Another organization, even by its real id, does not exist for this session.
        assertThat(page("/portal/" + server.globex.organization().id().value() + "/log", cookie)
                        .status())
                .isEqualTo(404);
        assertThat(page("/orgs/" + server.acmeId().value() + "/log", cookie).status())
                .isNotEqualTo(200);
        assertThat(page(org + "/log", "attest_portal=" + "y".repeat(43)).status())
                .isEqualTo(403);
    }

    @Test
    void portalSession_export_isRecordedAsTheViewers_andKeepsToTheRestrictions() {
        String cookie =
                cookie(open(mint("/portal-links", RESTRICTED).json().get("link").asString()));
        String org = "/portal/" + server.acmeId().value();
        Matcher csrf = CSRF.matcher(page(org + "/log", cookie).raw().body());
        assertThat(csrf.find()).isTrue();

        TestServer.Reply export = server.send(HttpRequest.newBuilder(server.uri(org + "/export.jsonl"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1) + "&range=all&workspace=staging"))
                .build());

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.raw().body()).isEmpty();
        Event recorded = server.recorded("log.export").getFirst();
        assertThat(recorded.actor().type()).isEqualTo(ActorType.VIEWER);
        assertThat(recorded.actor().id()).isEqualTo("cust_42");
        assertThat(recorded.payload()).containsEntry("format", "jsonl").containsKey("portal_session");

        TestServer.Reply all = server.send(HttpRequest.newBuilder(server.uri(org + "/export.csv"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1) + "&range=all"))
                .build());
        assertThat(all.raw().body()).contains("evt_prod_role").doesNotContain("evt_staging_role");
    }

    @Test
    void portalSession_withoutExport_cannotExport() {
        String cookie = cookie(open(mint("/portal-links", "{\"export_allowed\": false}")
                .json()
                .get("link")
                .asString()));
        String org = "/portal/" + server.acmeId().value();
        String body = page(org + "/log", cookie).raw().body();
        assertThat(body).doesNotContain("Export CSV");
        Matcher csrf = CSRF.matcher(body);
        assertThat(csrf.find()).isTrue();

        TestServer.Reply export = server.send(HttpRequest.newBuilder(server.uri(org + "/export.csv"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1)))
                .build());

        assertThat(export.status()).isEqualTo(403);
        assertThat(server.recorded("log.export")).isEmpty();
    }

    private TestServer.Reply viewer(String path, String token, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).GET();
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        if (!origin.isEmpty()) {
            request.header("Origin", origin);
        }
        return server.send(request.build());
    }

    private static List<String> ids(TestServer.Reply reply) {
        return reply.json()
                .get("data")
                .valueStream()
                .map(e -> e.get("id").asString())
                .toList();
    }

    @Test
    void viewerToken_readsOnlyItsOrganizationWithinItsRestrictions() {
        TestServer.Reply minted = mint("/viewer-tokens", RESTRICTED);
        assertThat(minted.status()).as(minted.raw().body()).isEqualTo(201);
        String token = minted.json().get("token").asString();
        assertThat(token).startsWith("avt_");

        TestServer.Reply list = viewer(v1() + "/viewer/events", token, "");
        assertThat(list.status()).as(list.raw().body()).isEqualTo(200);
        assertThat(ids(list)).containsExactlyInAnyOrder("evt_prod_role", "evt_prod_doc");
        // Widening: its filter only narrows further.
        assertThat(ids(viewer(v1() + "/viewer/events?workspace=staging", token, "")))
                .isEmpty();
        assertThat(ids(viewer(v1() + "/viewer/events?action=document.view", token, "")))
                .containsExactly("evt_prod_doc");

        TestServer.Reply one = viewer(v1() + "/viewer/events/evt_prod_role", token, "");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("event").get("id").asString()).isEqualTo("evt_prod_role");
        assertThat(one.json().get("proof").has("verified")).isTrue();
        assertThat(viewer(v1() + "/viewer/events/evt_staging_role", token, "").status())
                .isEqualTo(404);

        // A token of Acme reading Globex, by its path or its event.
        String globex = "/v1/organizations/" + server.globex.organization().id().value();
        assertThat(viewer(globex + "/viewer/events", token, "").status()).isEqualTo(404);
        assertThat(viewer(globex + "/viewer/events/evt_globex", token, "").status())
                .isEqualTo(404);
        assertThat(viewer(v1() + "/viewer/events/evt_globex", token, "").status())
                .isEqualTo(404);
    }

    @Test
    void viewerToken_onlyInTheHeader_andUntilItExpires() {
        String token = mint("/viewer-tokens", "{\"expires_in\": 60}")
                .json()
                .get("token")
                .asString();

        TestServer.Reply cookie = server.send(HttpRequest.newBuilder(server.uri(v1() + "/viewer/events"))
                .header("Cookie", "attest_viewer=" + token + "; attest_portal=" + token)
                .GET()
                .build());
        assertThat(cookie.status()).isEqualTo(401);
        assertThat(viewer(v1() + "/viewer/events", server.acmeKey(), "").status())
                .isEqualTo(403);
        assertThat(viewer(v1() + "/viewer/events", token, "").status()).isEqualTo(200);
        // Neither a management route.
        assertThat(viewer(v1() + "/events", token, "").status()).isEqualTo(401);

        clock.advance(Duration.ofSeconds(61));
        TestServer.Reply expired = viewer(v1() + "/viewer/events", token, "");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("detail").asString()).contains("expired");
    }

    @Test
    void viewerRoutes_allowOnlyRegisteredOrigins() {
        String token = mint("/viewer-tokens", "{}").json().get("token").asString();
        TestServer.Reply set = server.call(
                "PUT",
                v1() + "/viewer-origins",
                "Bearer " + server.acmeKey(),
                "{\"origins\": [\"https://APP.customer.test:443\", \"http://127.0.0.1:8123\"]}");
        assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
        assertThat(set.json().get("origins").valueStream().map(JsonNode::asString))
                .containsExactly("http://127.0.0.1:8123", "https://app.customer.test");
        assertThat(server.recorded("org.viewerOriginsChange")).hasSize(1);

        TestServer.Reply allowed = viewer(v1() + "/viewer/events", token, "https://app.customer.test");
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.customer.test");
        assertThat(allowed.header("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(viewer(v1() + "/viewer/events", token, "https://evil.test").header("Access-Control-Allow-Origin"))
                .isEmpty();
        // Registered for Acme is not registered for Globex.
        assertThat(viewer(
                                "/v1/organizations/"
                                        + server.globex.organization().id().value() + "/viewer/events",
                                token,
                                "https://app.customer.test")
                        .header("Access-Control-Allow-Origin"))
                .isEmpty();

        TestServer.Reply preflight = server.send(HttpRequest.newBuilder(server.uri(v1() + "/viewer/events"))
                .header("Origin", "http://127.0.0.1:8123")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("http://127.0.0.1:8123");
        assertThat(preflight.header("Access-Control-Allow-Headers")).isEqualTo("Authorization");
        TestServer.Reply refused = server.send(HttpRequest.newBuilder(server.uri(v1() + "/viewer/events"))
                .header("Origin", "https://evil.test")
                .header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(refused.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void badRestrictions_areRefusedNamingTheField_andNothingIsIssued() {
        TestServer.Reply both =
                mint("/portal-links", "{\"actions\": [\"user.roleChange\"], \"categories\": [\"user\"]}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(both.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/categories");

        TestServer.Reply noId = mint("/viewer-tokens", "{\"viewer\": {\"email\": \"a@b.test\"}, \"expires_in\": 7200}");
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("pointer").asString()))
                .containsExactly("/viewer/id", "/expires_in");

        TestServer.Reply range =
                mint("/portal-links", "{\"since\": \"2026-02-01T00:00:00Z\", \"until\": \"2026-01-01T00:00:00Z\"}");
        assertThat(range.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/until");

        TestServer.Reply origin = server.call(
                "PUT",
                v1() + "/viewer-origins",
                "Bearer " + server.acmeKey(),
                "{\"origins\": [\"https://a.test/path\"]}");
        assertThat(origin.status()).isEqualTo(400);
        assertThat(origin.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/origins/0");
        assertThat(server.recorded("org.viewerOriginsChange")).isEmpty();
    }
}
