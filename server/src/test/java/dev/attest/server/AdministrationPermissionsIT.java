package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.event.Outcome;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Scope;
import dev.attest.core.store.StoredApiKey;
import dev.attest.core.store.StoredApp;
import dev.attest.server.console.Accounts;
import dev.attest.testing.TestClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The permission matrix of the administration routes (DESIGN.md §7): every route, asked by an owner, an admin, an
 * auditor and a member of the organization, by another organization's owner, and by nobody, gets exactly its answer.
 */
class AdministrationPermissionsIT {
    /** The callers, in the order of every row's expected answers. */
    private static final List<String> CALLERS = List.of("owner", "admin", "auditor", "member", "other", "signed-out");

    @TempDir
    Path data;

    TestServer server;
    Map<String, ConsoleSession> browsers = new LinkedHashMap<>();
    Map<String, String> csrf = new LinkedHashMap<>();
    Member target;
    Map<String, String> groupOf = new LinkedHashMap<>();
    private static final AtomicInteger KEYS = new AtomicInteger();

    @BeforeEach
    void start() {
        server = new TestServer(data);
        var accounts = new Accounts(server.storage, TestClock.clock());
        signIn("owner", accounts.createMember(server.acmeId(), "owner@acme.test", "O", Role.OWNER));
        signIn("admin", accounts.createMember(server.acmeId(), "admin@acme.test", "A", Role.ADMIN));
        signIn("auditor", accounts.createMember(server.acmeId(), "auditor@acme.test", "U", Role.AUDITOR));
        signIn("member", accounts.createMember(server.acmeId(), "member@acme.test", "M", Role.MEMBER));
        signIn("other", accounts.createMember(server.globex.organization().id(), "owner@globex.test", "G", Role.OWNER));
        browsers.put("signed-out", new ConsoleSession(server));
        csrf.put("signed-out", "");
        target = accounts.createMember(server.acmeId(), "target@acme.test", "T", Role.MEMBER)
                .member();
        // One group per caller, so that each may try to delete its own.
        for (String who : CALLERS) {
            var group = new dev.attest.core.member.Group(
                    "grp_" + who, server.acmeId(), "Group " + who, TestClock.now(), List.of(), List.of());
            server.storage.groups().create(group);
            groupOf.put(who, group.id());
        }
    }

    private void signIn(String who, Accounts.Created account) {
        var browser = new ConsoleSession(server);
        TestServer.Reply signedIn = browser.signIn(account.member().email(), account.password(), "");
        assertThat(signedIn.status()).isEqualTo(303);
        // A member's landing page refuses them the log, but carries the session's token like every page.
        csrf.put(
                who,
                ConsoleSession.csrfOf(
                        browser.get(signedIn.header("Location")).raw().body()));
        browsers.put(who, browser);
    }

    private ConsoleSession browser(String who) {
        return Objects.requireNonNull(browsers.get(who), who);
    }

    private String token(String who) {
        return Objects.requireNonNull(csrf.get(who), who);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private interface Call {
        TestServer.Reply ask(ConsoleSession browser, String csrf, String who);
    }

    /**
     * The role each caller tries to give the target: always a real change (an owner makes them auditor, an admin
     * member again, the others admin), since a change to what the member already is records nothing.
     */
    private static String roleFor(String who) {
        return switch (who) {
            case "owner" -> "auditor";
            case "admin" -> "member";
            default -> "admin";
        };
    }

    private void row(String route, Call call, int... expected) {
        var answers = new LinkedHashMap<String, Integer>();
        var wanted = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < CALLERS.size(); i++) {
            String who = CALLERS.get(i);
            answers.put(who, call.ask(browser(who), token(who), who).status());
            wanted.put(who, expected[i]);
        }
        assertThat(answers).as(route).isEqualTo(wanted);
    }

    /** A new key of Acme, for a row that regenerates or revokes one. */
    private String freshKey() {
        ApiKey secret = ApiKey.generate(new SecureRandom());
        String id = "key_matrix" + KEYS.incrementAndGet();
        server.storage
                .apiKeys()
                .create(
                        new StoredApiKey(
                                id,
                                server.acmeId(),
                                "matrix",
                                secret.displayPrefix(),
                                Set.of(Scope.EVENTS_WRITE),
                                TestClock.now(),
                                null,
                                null),
                        secret.hash());
        return id;
    }

    /** A new app of Acme, for a row that resets its secret or deletes it. */
    private String freshApp() {
        String id = "app_matrix" + KEYS.incrementAndGet();
        server.storage
                .apps()
                .create(
                        new StoredApp(
                                id,
                                server.acmeId(),
                                "matrix",
                                "cli_" + id,
                                Set.of(Scope.EVENTS_WRITE),
                                TestClock.now()),
                        ApiKey.generate(new SecureRandom()).hash());
        return id;
    }

    private String acme() {
        return server.acmeId().value();
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(server.uri("/v1/organizations/" + acme() + path));
    }

    @Test
    void everyRoute_everyCaller_getsItsAnswer() {
        row("GET /v1/…/members", (b, t, w) -> b.send(api("/members").GET().build()), 200, 200, 200, 403, 404, 401);
        row(
                "PATCH /v1/…/members/{id}",
                (b, t, w) -> b.send(api("/members/" + target.id())
                        .header("Content-Type", "application/json")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"role\": \"" + roleFor(w) + "\"}"))
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "DELETE /v1/…/members/{id}/sessions",
                (b, t, w) -> b.send(api("/members/" + target.id() + "/sessions")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .DELETE()
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row("GET /orgs/{org}/log", (b, t, w) -> b.get("/orgs/" + acme() + "/log"), 200, 200, 200, 403, 404, 303);
        row(
                "GET /orgs/{org}/members",
                (b, t, w) -> b.get("/orgs/" + acme() + "/members"),
                200,
                200,
                200,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/members/{id}",
                (b, t, w) ->
                        b.post("/orgs/" + acme() + "/members/" + target.id(), Map.of("csrf", t, "role", roleFor(w))),
                303,
                303,
                403,
                403,
                404,
                303);

        row("GET /v1/organizations/{org}", (b, t, w) -> b.send(api("").GET().build()), 200, 200, 200, 403, 404, 401);
        row(
                "PATCH /v1/organizations/{org}",
                (b, t, w) -> b.send(api("").header("Content-Type", "application/json")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        // A rename: requiring MFA here would hold every later caller at their account page.
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\": \"Acme of " + w + "\"}"))
                        .build()),
                200,
                403,
                403,
                403,
                404,
                401);
        row(
                "DELETE /v1/…/members/{id}/mfa",
                (b, t, w) -> b.send(api("/members/" + target.id() + "/mfa")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .DELETE()
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        // Only a super-user impersonates; nobody of an organization, not even its owner.
        row(
                "POST /v1/…/members/{id}/impersonation",
                (b, t, w) -> b.send(api("/members/" + target.id() + "/impersonation")
                        .header("Content-Type", "application/json")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"curious\"}"))
                        .build()),
                403,
                403,
                403,
                403,
                404,
                401);
        row(
                "DELETE /v1/…/members/{id}/impersonation",
                (b, t, w) -> b.send(api("/members/" + target.id() + "/impersonation")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .DELETE()
                        .build()),
                404,
                404,
                404,
                404,
                404,
                401);
        row(
                "POST /orgs/{org}/members/{id}/impersonate",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/members/" + target.id() + "/impersonate",
                        Map.of("csrf", t, "reason", "curious")),
                403,
                403,
                403,
                403,
                404,
                303);
        row("GET /account", (b, t, w) -> b.get("/account"), 200, 200, 200, 200, 200, 303);
        row(
                "GET /orgs/{org}/settings",
                (b, t, w) -> b.get("/orgs/" + acme() + "/settings"),
                200,
                403,
                403,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/settings",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/settings", Map.of("csrf", t, "setting", "name", "name", "Acme by " + w)),
                303,
                403,
                403,
                403,
                404,
                303);

        row("GET /v1/…/api-keys", (b, t, w) -> b.send(api("/api-keys").GET().build()), 200, 200, 403, 403, 404, 401);
        row(
                "POST /v1/…/api-keys",
                (b, t, w) -> b.send(api("/api-keys")
                        .header("Content-Type", "application/json")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"k\", \"scopes\": [\"events:write\"]}"))
                        .build()),
                201,
                201,
                403,
                403,
                404,
                401);
        row(
                "POST /v1/…/api-keys/{id}/regenerate",
                (b, t, w) -> b.send(api("/api-keys/" + freshKey() + "/regenerate")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "DELETE /v1/…/api-keys/{id}",
                (b, t, w) -> b.send(api("/api-keys/" + freshKey())
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .DELETE()
                        .build()),
                204,
                204,
                403,
                403,
                404,
                401);
        row(
                "GET /orgs/{org}/api-keys",
                (b, t, w) -> b.get("/orgs/" + acme() + "/api-keys"),
                200,
                200,
                403,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/api-keys",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/api-keys", Map.of("csrf", t, "name", "k", "scope-events:write", "on")),
                200,
                200,
                403,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/api-keys/{id}",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/api-keys/" + freshKey(),
                        Map.of("csrf", t, "action", "revoke", "confirm", "yes")),
                303,
                303,
                403,
                403,
                404,
                303);

        row("GET /v1/…/apps", (b, t, w) -> b.send(api("/apps").GET().build()), 200, 200, 403, 403, 404, 401);
        row(
                "POST /v1/…/apps",
                (b, t, w) -> b.send(api("/apps")
                        .header("Content-Type", "application/json")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"a\", \"scopes\": [\"events:read\"]}"))
                        .build()),
                201,
                201,
                403,
                403,
                404,
                401);
        row(
                "POST /v1/…/apps/{id}/secret",
                (b, t, w) -> b.send(api("/apps/" + freshApp() + "/secret")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "DELETE /v1/…/apps/{id}",
                (b, t, w) -> b.send(api("/apps/" + freshApp())
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .DELETE()
                        .build()),
                204,
                204,
                403,
                403,
                404,
                401);
        row("GET /orgs/{org}/apps", (b, t, w) -> b.get("/orgs/" + acme() + "/apps"), 200, 200, 403, 403, 404, 303);
        row(
                "POST /orgs/{org}/apps",
                (b, t, w) ->
                        b.post("/orgs/" + acme() + "/apps", Map.of("csrf", t, "name", "a", "scope-events:write", "on")),
                200,
                200,
                403,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/apps/{id} reset-secret",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/apps/" + freshApp(),
                        Map.of("csrf", t, "action", "reset-secret", "confirm", "yes")),
                200,
                200,
                403,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/apps/{id} delete",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/apps/" + freshApp(),
                        Map.of("csrf", t, "action", "delete", "confirm", "yes")),
                303,
                303,
                403,
                403,
                404,
                303);

        // The auditor's and the member's refused role changes are in the log as failures, once per route.
        List<Event> failures = server.recorded("user.roleChange").stream()
                .filter(e -> e.outcome() == Outcome.FAILURE)
                .toList();
        assertThat(failures)
                .extracting(e -> e.actor().email())
                .containsExactlyInAnyOrder(
                        "auditor@acme.test", "member@acme.test", "auditor@acme.test", "member@acme.test");
    }

    /** A pending invitation made with the organization's key; its id. */
    private String invitation(String email) {
        TestServer.Reply made = server.send(api("/invitations")
                .header("Authorization", "Bearer " + server.acmeKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + email + "\", \"role\": \"member\"}"))
                .build());
        assertThat(made.status()).as(made.raw().body()).isEqualTo(201);
        return made.json().get("id").asString();
    }

    @Test
    void invitationAndPasswordRoutes_everyCaller_getsItsAnswer() {
        String pending = invitation("pending@new.test");
        // A link nobody else touches: the resend rows below replace the pending invitation's.
        invitation("link@new.test");
        String link =
                Mailbox.linkPath(Mailbox.newestInOutbox(server.storage).mail().text());
        Map<String, String> revocable = new LinkedHashMap<>();
        Map<String, String> consoleRevocable = new LinkedHashMap<>();
        for (String who : CALLERS) {
            revocable.put(who, invitation("revocable-" + who + "@new.test"));
            consoleRevocable.put(who, invitation("console-revocable-" + who + "@new.test"));
        }
        row(
                "GET /v1/…/invitations",
                (b, t, w) -> b.send(api("/invitations").GET().build()),
                200,
                200,
                200,
                403,
                404,
                401);
        row(
                "POST /v1/…/invitations",
                (b, t, w) -> b.send(api("/invitations")
                        .header("Content-Type", "application/json")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\": \"" + w + "@new.test\", \"role\": \"member\"}"))
                        .build()),
                201,
                201,
                403,
                403,
                404,
                401);
        row(
                "POST /v1/…/invitations/{id}/resend",
                (b, t, w) -> b.send(api("/invitations/" + pending + "/resend")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "DELETE /v1/…/invitations/{id}",
                (b, t, w) -> b.send(api("/invitations/" + revocable.get(w))
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .DELETE()
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "PUT /v1/…/members/{id}/password",
                (b, t, w) -> b.send(api("/members/" + target.id() + "/password")
                        .header("Content-Type", "application/json")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"a fresh one for " + w + "\"}"))
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "GET /orgs/{org}/invitations",
                (b, t, w) -> b.get("/orgs/" + acme() + "/invitations"),
                200,
                200,
                200,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/invitations",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/invitations",
                        Map.of("csrf", t, "email", "console-" + w + "@new.test", "role", "member")),
                303,
                303,
                403,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/invitations/{id}",
                (b, t, w) ->
                        b.post("/orgs/" + acme() + "/invitations/" + pending, Map.of("csrf", t, "action", "resend")),
                303,
                303,
                403,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/invitations/{id} (revoke)",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/invitations/" + consoleRevocable.get(w),
                        Map.of("csrf", t, "action", "revoke")),
                303,
                303,
                403,
                403,
                404,
                303);
        // The link is the credential: whoever holds it, signed in anywhere or not, gets the page to join.
        row("GET /invitations/{token}", (b, t, w) -> b.get(link), 200, 200, 200, 200, 200, 200);
        row("GET /account/password", (b, t, w) -> b.get("/account/password"), 200, 200, 200, 200, 200, 303);
        row("GET /installation/mail", (b, t, w) -> b.get("/installation/mail"), 403, 403, 403, 403, 403, 303);
        row(
                "POST /installation/mail",
                (b, t, w) -> b.post("/installation/mail", Map.of("csrf", t, "to", "ops@new.test")),
                403,
                403,
                403,
                403,
                403,
                303);

        // The auditor's and the member's refused invitations are in the log as failures.
        assertThat(server.recorded("user.invite").stream()
                        .filter(e -> e.outcome() == Outcome.FAILURE)
                        .map(e -> e.actor().email()))
                .containsExactlyInAnyOrder(
                        "auditor@acme.test", "member@acme.test", "auditor@acme.test", "member@acme.test");
        // Nobody of an organization sends the installation's test mail.
        assertThat(server.storage.outbox().latest(100))
                .noneSatisfy(mail -> assertThat(mail.mail().to()).isEqualTo("ops@new.test"));
    }

    @Test
    void sessionWrite_withoutTokenOrFromAnotherSite_403AndNothingChanges() {
        ConsoleSession owner = browser("owner");
        for (String[] headers : List.of(
                new String[] {"Origin", owner.origin()},
                new String[] {Callers.CSRF_HEADER, token("owner"), "Sec-Fetch-Site", "cross-site"})) {
            TestServer.Reply reply = owner.send(api("/members/" + target.id())
                    .header("Content-Type", "application/json")
                    .headers(headers)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"role\": \"admin\"}"))
                    .build());

            assertThat(reply.status()).isEqualTo(403);
        }
        assertThat(server.storage.members().find(target.id()).orElseThrow().role())
                .isEqualTo(Role.MEMBER);
    }

    @Test
    void adminVersusOwner_403RecordedAsFailure_andTheOwnerStays() {
        Member owner = server.storage.members().findByEmail("owner@acme.test").orElseThrow();

        TestServer.Reply reply = browser("admin")
                .post(
                        "/orgs/" + acme() + "/members/" + owner.id(),
                        Map.of("csrf", token("admin"), "disabled", "true", "confirm", "yes"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.raw().body()).contains("only an owner may disable an owner");
        assertThat(server.storage.members().find(owner.id()).orElseThrow().disabled())
                .isFalse();
        assertThat(server.recorded("user.disable")).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
            assertThat(e.actor().email()).isEqualTo("admin@acme.test");
            assertThat(e.payload()).containsEntry("reason", "owner-only");
        });
    }

    @Test
    void lastOwner_demotingThemselves_403AndStillOwner() {
        Member owner = server.storage.members().findByEmail("owner@acme.test").orElseThrow();

        TestServer.Reply reply = browser("owner")
                .post("/orgs/" + acme() + "/members/" + owner.id(), Map.of("csrf", token("owner"), "role", "admin"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.raw().body()).contains("last owner");
        assertThat(server.storage.members().find(owner.id()).orElseThrow().role())
                .isEqualTo(Role.OWNER);
    }

    private static HttpRequest.Builder json(HttpRequest.Builder request, ConsoleSession browser, String csrf) {
        return request.header("Content-Type", "application/json")
                .header(Callers.CSRF_HEADER, csrf)
                .header("Origin", browser.origin());
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    @Test
    void groupAndWorkspaceRoutes_everyCaller_getsItsAnswer() {
        String shared = groupOf.get("owner");
        row("GET /v1/…/groups", (b, t, w) -> b.send(api("/groups").GET().build()), 200, 200, 200, 403, 404, 401);
        row(
                "POST /v1/…/groups",
                (b, t, w) -> b.send(json(api("/groups"), b, t)
                        .POST(body("{\"name\": \"New " + w + "\"}"))
                        .build()),
                201,
                201,
                403,
                403,
                404,
                401);
        row(
                "GET /v1/…/groups/{id}",
                (b, t, w) -> b.send(api("/groups/" + shared).GET().build()),
                200,
                200,
                200,
                403,
                404,
                401);
        row(
                "PATCH /v1/…/groups/{id}",
                (b, t, w) -> b.send(json(api("/groups/" + shared), b, t)
                        .method("PATCH", body("{\"name\": \"Renamed by " + w + "\"}"))
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "PATCH /v1/…/groups/{id}/members",
                (b, t, w) -> b.send(json(api("/groups/" + groupOf.get(w) + "/members"), b, t)
                        .method("PATCH", body("{\"add\": [\"" + target.id() + "\"]}"))
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "PUT /v1/…/groups/{id}/workspaces",
                (b, t, w) -> b.send(json(api("/groups/" + groupOf.get(w) + "/workspaces"), b, t)
                        .PUT(body("{\"workspaces\": [\"default\"]}"))
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "DELETE /v1/…/groups/{id}",
                (b, t, w) -> b.send(
                        json(api("/groups/" + groupOf.get(w)), b, t).DELETE().build()),
                204,
                204,
                403,
                403,
                404,
                401);
        row(
                "PATCH /v1/…/members/{id} (workspaces)",
                (b, t, w) -> b.send(json(api("/members/" + target.id()), b, t)
                        .method("PATCH", body("{\"workspaces\": [\"default\"]}"))
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "GET /v1/…/workspaces",
                (b, t, w) -> b.send(api("/workspaces").GET().build()),
                200,
                200,
                200,
                403,
                404,
                401);
        row(
                "POST /v1/…/workspaces",
                (b, t, w) -> b.send(json(api("/workspaces"), b, t)
                        .POST(body("{\"name\": \"ws-" + w + "\"}"))
                        .build()),
                201,
                201,
                403,
                403,
                404,
                401);
        row("GET /orgs/{org}/groups", (b, t, w) -> b.get("/orgs/" + acme() + "/groups"), 200, 200, 200, 403, 404, 303);
        row(
                "POST /orgs/{org}/groups",
                (b, t, w) -> b.post("/orgs/" + acme() + "/groups", Map.of("csrf", t, "name", "Console " + w)),
                303,
                303,
                403,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/groups/{id}",
                (b, t, w) -> b.post(
                        // The other organization's owner never deleted theirs: it is still there to rename.
                        "/orgs/" + acme() + "/groups/" + groupOf.get("other"),
                        Map.of("csrf", t, "op", "rename", "name", "Console rename by " + w)),
                303,
                303,
                403,
                403,
                404,
                303);
        row(
                "GET /orgs/{org}/workspaces",
                (b, t, w) -> b.get("/orgs/" + acme() + "/workspaces"),
                200,
                200,
                200,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/workspaces",
                (b, t, w) -> b.post("/orgs/" + acme() + "/workspaces", Map.of("csrf", t, "name", "console-" + w)),
                303,
                303,
                403,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/workspaces/access/{id}",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/workspaces/access/" + target.id(),
                        Map.of("csrf", t, "workspace.console-" + w.replace("other", "owner"), "on")),
                303,
                303,
                403,
                403,
                404,
                303);

        // Each refused change of the auditor and the member is in the log as a failure: once per route that tried it.
        Map<String, Integer> routes = Map.of(
                "group.create", 2,
                "group.rename", 2,
                "group.membersChange", 1,
                "group.accessChange", 1,
                "group.delete", 1,
                "user.accessChange", 2);
        routes.forEach((action, times) -> assertThat(server.recorded(action).stream()
                        .filter(e -> e.outcome() == Outcome.FAILURE)
                        .map(e -> e.actor().email())
                        .sorted()
                        .toList())
                .as(action)
                .isEqualTo(java.util.stream.Stream.of("auditor@acme.test", "member@acme.test")
                        .flatMap(email -> java.util.Collections.nCopies(times, email).stream())
                        .sorted()
                        .toList()));
    }

    /** A body or form confirming the deletion: the owner first types a wrong name, the others the right one. */
    private static String confirmation(String who) {
        return who.equals("owner") ? "Acme Incorporated" : "Acme";
    }

    @Test
    void deleteOrganization_everyCaller_getsItsAnswer_onlyAnOwnerDeletes() {
        row(
                "POST /orgs/{org}/settings (delete)",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/settings",
                        Map.of("csrf", t, "setting", "delete", "confirm", confirmation(w))),
                400,
                403,
                403,
                403,
                404,
                303);
        row(
                "DELETE /v1/organizations/{org}",
                (b, t, w) -> b.send(api("").header("Content-Type", "application/json")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .method(
                                "DELETE",
                                HttpRequest.BodyPublishers.ofString("{\"confirm\": \"" + confirmation(w) + "\"}"))
                        .build()),
                400,
                403,
                403,
                403,
                404,
                401);
        // Each refused attempt is in the log (the owner's wrong name is a typing mistake, not an attempt).
        assertThat(server.recorded("org.delete").stream()
                        .map(e -> e.outcome() + " " + e.actor().email())
                        .sorted()
                        .toList())
                .containsExactly(
                        "FAILURE admin@acme.test",
                        "FAILURE admin@acme.test",
                        "FAILURE auditor@acme.test",
                        "FAILURE auditor@acme.test",
                        "FAILURE member@acme.test",
                        "FAILURE member@acme.test");

        TestServer.Reply deleted = browser("owner")
                .send(api("").header("Content-Type", "application/json")
                        .header(Callers.CSRF_HEADER, token("owner"))
                        .header("Origin", browser("owner").origin())
                        .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"confirm\": \"Acme\"}"))
                        .build());
        assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(200);

        // Afterwards every session of the organization has ended; the other organization's owner still gets 404.
        row(
                "GET /v1/organizations/{org} (deleted)",
                (b, t, w) -> b.send(api("").GET().build()),
                401,
                401,
                401,
                401,
                404,
                401);
        row(
                "GET /orgs/{org}/log (deleted)",
                (b, t, w) -> b.get("/orgs/" + acme() + "/log"),
                303,
                303,
                303,
                303,
                404,
                303);
    }

    /** A directory token of Acme, for a row that revokes one. */
    private String freshDirectoryToken() {
        String id = "dir_matrix" + KEYS.incrementAndGet();
        server.storage
                .directory()
                .createToken(
                        new dev.attest.core.store.DirectoryToken(
                                id, server.acmeId(), "okta", "scim_abcdef", false, TestClock.now()),
                        ApiKey.generate(new SecureRandom()).hash());
        return id;
    }

    @Test
    void directoryRoutes_everyCaller_getsItsAnswer() {
        row(
                "GET /v1/…/scim-tokens",
                (b, t, w) -> b.send(api("/scim-tokens").GET().build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "POST /v1/…/scim-tokens",
                (b, t, w) -> b.send(api("/scim-tokens")
                        .header("Content-Type", "application/json")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"provider\": \"okta\"}"))
                        .build()),
                201,
                201,
                403,
                403,
                404,
                401);
        row(
                "DELETE /v1/…/scim-tokens/{id}",
                (b, t, w) -> b.send(api("/scim-tokens/" + freshDirectoryToken())
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .DELETE()
                        .build()),
                204,
                204,
                403,
                403,
                404,
                401);
        row("GET /v1/…/sso", (b, t, w) -> b.send(api("/sso").GET().build()), 200, 200, 200, 403, 404, 401);
        row(
                "PUT /v1/…/sso",
                (b, t, w) -> b.send(api("/sso")
                        .header("Content-Type", "application/json")
                        .header(Callers.CSRF_HEADER, t)
                        .header("Origin", b.origin())
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"default_role\": \"auditor\"}"))
                        .build()),
                200,
                200,
                403,
                403,
                404,
                401);
        row(
                "GET /orgs/{org}/directory",
                (b, t, w) -> b.get("/orgs/" + acme() + "/directory"),
                200,
                200,
                403,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/directory (role)",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/directory",
                        Map.of("csrf", t, "action", "role", "default_role", "member")),
                303,
                303,
                403,
                403,
                404,
                303);
        row(
                "POST /orgs/{org}/directory (revoke)",
                (b, t, w) -> b.post(
                        "/orgs/" + acme() + "/directory",
                        Map.of("csrf", t, "action", "revoke", "id", freshDirectoryToken(), "confirm", "yes")),
                303,
                303,
                403,
                403,
                404,
                303);
        // Only an owner's token may disable owners: an admin's cannot reach past the admin's role.
        assertThat(server.storage.directory().listTokens(server.acmeId()))
                .filteredOn(token -> !token.id().startsWith("dir_matrix"))
                .extracting(dev.attest.core.store.DirectoryToken::managesOwners)
                .containsExactlyInAnyOrder(true, false);
    }
}
