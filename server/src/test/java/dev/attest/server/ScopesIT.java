package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.member.Role;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Scope;
import dev.attest.core.store.StoredApiKey;
import dev.attest.core.store.StoredApp;
import dev.attest.server.console.Accounts;
import dev.attest.testing.TestClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route an API key reaches ({@code /v1} and the compatible ingest endpoints), asked with a key of each single
 * scope: the scope the route needs gets past the check (whatever the route answers then), every other scope gets 403
 * naming the scope that is missing, as a problem document. The routes walked are checked against every template of
 * {@link Routes}, so a new route without a row here fails.
 */
class ScopesIT {
    private static final String EVENT =
            "{\"action\": \"document.view\", \"actor\": {\"type\": \"api_key\", \"id\": \"svc\"}}";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger NEXT = new AtomicInteger();

    @TempDir
    Path data;

    TestServer server;
    String memberId;

    @BeforeEach
    void start() {
        server = new TestServer(data);
        memberId = new Accounts(server.storage, TestClock.clock())
                .createMember(server.acmeId(), "grace@acme.test", "Grace", Role.MEMBER)
                .member()
                .id();
        // One event, so that reads by id and proofs have something to read.
        assertThat(server.postAcme("{\"id\": \"evt_scopes\", \"action\": \"document.view\", \"actor\": {\"type\":"
                                + " \"api_key\", \"id\": \"svc\"}}")
                        .status())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * One route: its template, the scope named when it is refused, and the other scopes that also pass (a route that
     * serves two kinds of reader).
     */
    private record Row(
            String method, String template, @Nullable Scope needs, Call call, Set<Scope> alsoPasses) {
        Row(String method, String template, @Nullable Scope needs, Call call) {
            this(method, template, needs, call, Set.of());
        }
    }

    private interface Call {
        TestServer.Reply ask(String key);
    }

    private String org() {
        return server.acmeId().value();
    }

    /** A new group of Acme's, stored directly: each row that deletes one gets its own. */
    private String group() {
        var group = new dev.attest.core.member.Group(
                "grp_scopes" + NEXT.incrementAndGet(),
                server.acmeId(),
                "Scopes group " + NEXT.incrementAndGet(),
                TestClock.now(),
                List.of(),
                List.of());
        server.storage.groups().create(group);
        return group.id();
    }

    /** A pending invitation of Acme's, made with the organization's key of every scope. */
    private String invitation() {
        TestServer.Reply made = call(
                "POST",
                "/v1/organizations/" + org() + "/invitations",
                "Bearer " + server.acmeKey(),
                "{\"email\": \"pending" + NEXT.incrementAndGet() + "@acme.test\", \"role\": \"member\"}");
        assertThat(made.status()).as(made.raw().body()).isEqualTo(201);
        return made.json().get("id").asString();
    }

    private TestServer.Reply call(String method, String path, String authorization, String body) {
        return server.call(method, path, authorization, body);
    }

    /** A fresh key of Acme with only {@code scope}, straight into the store; returns the key. */
    private String store(String id, Scope scope) {
        ApiKey secret = ApiKey.generate(RANDOM);
        server.storage
                .apiKeys()
                .create(
                        new StoredApiKey(
                                id,
                                server.acmeId(),
                                scope.wire() + " only",
                                secret.displayPrefix(),
                                Set.of(scope),
                                TestClock.now(),
                                null,
                                null),
                        secret.hash());
        return secret.secret();
    }

    /** The id of a key made for a row that regenerates or revokes it. */
    private String victim() {
        String id = "key_victim" + NEXT.incrementAndGet();
        store(id, Scope.EVENTS_WRITE);
        return id;
    }

    /** The id of an app made for a row that resets its secret or deletes it. */
    private String app() {
        String id = "app_victim" + NEXT.incrementAndGet();
        server.storage
                .apps()
                .create(
                        new StoredApp(
                                id,
                                server.acmeId(),
                                "victim",
                                "cli_" + id,
                                Set.of(Scope.EVENTS_WRITE),
                                TestClock.now()),
                        ApiKey.generate(RANDOM).hash());
        return id;
    }

    /** The id of a directory token made for a row that revokes it. */
    private String directoryToken() {
        String id = "dir_victim" + NEXT.incrementAndGet();
        server.storage
                .directory()
                .createToken(
                        new dev.attest.core.store.DirectoryToken(
                                id, server.acmeId(), "okta", "scim_abcdef", false, TestClock.now()),
                        ApiKey.generate(RANDOM).hash());
        return id;
    }

    private List<Row> rows() {
        String v1 = "/v1/organizations/" + org();
        Supplier<String> victim = this::victim;
        var rows = new ArrayList<Row>();
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/events",
                Scope.EVENTS_WRITE,
                k -> call("POST", v1 + "/events", "Bearer " + k, EVENT)));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/events",
                Scope.EVENTS_READ,
                k -> call("GET", v1 + "/events", "Bearer " + k, "")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/events/{id}",
                Scope.EVENTS_READ,
                k -> call("GET", v1 + "/events/evt_scopes", "Bearer " + k, "")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/checkpoint",
                Scope.EVENTS_READ,
                k -> call("GET", v1 + "/checkpoint", "Bearer " + k, "")));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/checkpoint",
                Scope.EVENTS_READ,
                k -> call("POST", v1 + "/checkpoint", "Bearer " + k, "")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/proofs/inclusion",
                Scope.EVENTS_READ,
                k -> call("GET", v1 + "/proofs/inclusion?id=evt_scopes", "Bearer " + k, "")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/proofs/consistency",
                Scope.EVENTS_READ,
                k -> call("GET", v1 + "/proofs/consistency?from=1", "Bearer " + k, "")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/export",
                Scope.EVENTS_READ,
                k -> call("GET", v1 + "/export", "Bearer " + k, "")));
        rows.add(new Row("GET", "/v1/organizations/{org}", Scope.EVENTS_READ, k -> call("GET", v1, "Bearer " + k, "")));
        rows.add(new Row(
                "PATCH",
                "/v1/organizations/{org}",
                Scope.ADMIN,
                k -> call("PATCH", v1, "Bearer " + k, "{\"name\": \"Acme " + RANDOM.nextInt(1000) + "\"}")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/members",
                Scope.ADMIN,
                k -> call("GET", v1 + "/members", "Bearer " + k, "")));
        rows.add(new Row(
                "PATCH",
                "/v1/organizations/{org}/members/{id}",
                Scope.ADMIN,
                k -> call("PATCH", v1 + "/members/" + memberId, "Bearer " + k, "{\"role\": \"auditor\"}")));
        rows.add(new Row(
                "DELETE",
                "/v1/organizations/{org}/members/{id}/sessions",
                Scope.ADMIN,
                k -> call("DELETE", v1 + "/members/" + memberId + "/sessions", "Bearer " + k, "")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/groups",
                Scope.ADMIN,
                k -> call("GET", v1 + "/groups", "Bearer " + k, "")));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/groups",
                Scope.ADMIN,
                k -> call(
                        "POST",
                        v1 + "/groups",
                        "Bearer " + k,
                        "{\"name\": \"Group " + NEXT.incrementAndGet() + "\"}")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/groups/{id}",
                Scope.ADMIN,
                k -> call("GET", v1 + "/groups/" + group(), "Bearer " + k, "")));
        rows.add(new Row(
                "PATCH",
                "/v1/organizations/{org}/groups/{id}",
                Scope.ADMIN,
                k -> call(
                        "PATCH",
                        v1 + "/groups/" + group(),
                        "Bearer " + k,
                        "{\"name\": \"Renamed " + NEXT.incrementAndGet() + "\"}")));
        rows.add(new Row(
                "DELETE",
                "/v1/organizations/{org}/groups/{id}",
                Scope.ADMIN,
                k -> call("DELETE", v1 + "/groups/" + group(), "Bearer " + k, "")));
        rows.add(new Row(
                "PATCH",
                "/v1/organizations/{org}/groups/{id}/members",
                Scope.ADMIN,
                k -> call(
                        "PATCH",
                        v1 + "/groups/" + group() + "/members",
                        "Bearer " + k,
                        "{\"add\": [\"" + memberId + "\"]}")));
        rows.add(new Row(
                "PUT",
                "/v1/organizations/{org}/groups/{id}/workspaces",
                Scope.ADMIN,
                k -> call(
                        "PUT",
                        v1 + "/groups/" + group() + "/workspaces",
                        "Bearer " + k,
                        "{\"workspaces\": [\"default\"]}")));
        // Log readers list the workspaces too: they filter the log by them.
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/workspaces",
                Scope.ADMIN,
                k -> call("GET", v1 + "/workspaces", "Bearer " + k, ""),
                Set.of(Scope.EVENTS_READ)));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/workspaces",
                Scope.ADMIN,
                k -> call(
                        "POST",
                        v1 + "/workspaces",
                        "Bearer " + k,
                        "{\"name\": \"ws-" + NEXT.incrementAndGet() + "\"}")));
        rows.add(new Row(
                "DELETE",
                "/v1/organizations/{org}/members/{id}/mfa",
                Scope.ADMIN,
                k -> call("DELETE", v1 + "/members/" + memberId + "/mfa", "Bearer " + k, "")));
        // Impersonation lives in a super-user's console session; no key or app may start or stop one.
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/members/{id}/impersonation",
                null,
                k -> call(
                        "POST",
                        v1 + "/members/" + memberId + "/impersonation",
                        "Bearer " + k,
                        "{\"reason\": \"support ticket\"}")));
        rows.add(new Row(
                "DELETE",
                "/v1/organizations/{org}/members/{id}/impersonation",
                null,
                k -> call("DELETE", v1 + "/members/" + memberId + "/impersonation", "Bearer " + k, "")));
        rows.add(new Row(
                "PUT",
                "/v1/organizations/{org}/members/{id}/password",
                Scope.ADMIN,
                k -> call(
                        "PUT",
                        v1 + "/members/" + memberId + "/password",
                        "Bearer " + k,
                        "{\"password\": \"Zq7!vT2m#Lp9wRx4\"}")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/invitations",
                Scope.ADMIN,
                k -> call("GET", v1 + "/invitations", "Bearer " + k, "")));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/invitations",
                Scope.ADMIN,
                k -> call(
                        "POST",
                        v1 + "/invitations",
                        "Bearer " + k,
                        "{\"email\": \"invitee" + NEXT.incrementAndGet() + "@acme.test\", \"role\": \"member\"}")));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/invitations/{id}/resend",
                Scope.ADMIN,
                k -> call("POST", v1 + "/invitations/" + invitation() + "/resend", "Bearer " + k, "")));
        rows.add(new Row(
                "DELETE",
                "/v1/organizations/{org}/invitations/{id}",
                Scope.ADMIN,
                k -> call("DELETE", v1 + "/invitations/" + invitation(), "Bearer " + k, "")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/api-keys",
                Scope.ADMIN,
                k -> call("GET", v1 + "/api-keys", "Bearer " + k, "")));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/api-keys",
                Scope.ADMIN,
                k -> call("POST", v1 + "/api-keys", "Bearer " + k, "{\"name\": \"n\", \"scopes\": [\"admin\"]}")));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/api-keys/{id}/regenerate",
                Scope.ADMIN,
                k -> call("POST", v1 + "/api-keys/" + victim.get() + "/regenerate", "Bearer " + k, "")));
        rows.add(new Row(
                "DELETE",
                "/v1/organizations/{org}/api-keys/{id}",
                Scope.ADMIN,
                k -> call("DELETE", v1 + "/api-keys/" + victim.get(), "Bearer " + k, "")));
        rows.add(new Row(
                "GET", "/v1/organizations/{org}/apps", Scope.ADMIN, k -> call("GET", v1 + "/apps", "Bearer " + k, "")));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/apps",
                Scope.ADMIN,
                k -> call("POST", v1 + "/apps", "Bearer " + k, "{\"name\": \"n\", \"scopes\": [\"admin\"]}")));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/apps/{id}/secret",
                Scope.ADMIN,
                k -> call("POST", v1 + "/apps/" + app() + "/secret", "Bearer " + k, "")));
        rows.add(new Row(
                "DELETE",
                "/v1/organizations/{org}/apps/{id}",
                Scope.ADMIN,
                k -> call("DELETE", v1 + "/apps/" + app(), "Bearer " + k, "")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/scim-tokens",
                Scope.ADMIN,
                k -> call("GET", v1 + "/scim-tokens", "Bearer " + k, "")));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/scim-tokens",
                Scope.ADMIN,
                k -> call("POST", v1 + "/scim-tokens", "Bearer " + k, "{\"provider\": \"okta\"}")));
        rows.add(new Row(
                "DELETE",
                "/v1/organizations/{org}/scim-tokens/{id}",
                Scope.ADMIN,
                k -> call("DELETE", v1 + "/scim-tokens/" + directoryToken(), "Bearer " + k, "")));
        rows.add(new Row(
                "GET", "/v1/organizations/{org}/sso", Scope.ADMIN, k -> call("GET", v1 + "/sso", "Bearer " + k, "")));
        rows.add(new Row(
                "PUT",
                "/v1/organizations/{org}/sso",
                Scope.ADMIN,
                k -> call("PUT", v1 + "/sso", "Bearer " + k, "{\"default_role\": \"member\"}")));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/portal-links",
                Scope.PORTAL,
                k -> call("POST", v1 + "/portal-links", "Bearer " + k, "{}")));
        rows.add(new Row(
                "POST",
                "/v1/organizations/{org}/viewer-tokens",
                Scope.PORTAL,
                k -> call("POST", v1 + "/viewer-tokens", "Bearer " + k, "{}")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/viewer-origins",
                Scope.PORTAL,
                k -> call("GET", v1 + "/viewer-origins", "Bearer " + k, "")));
        rows.add(new Row(
                "PUT",
                "/v1/organizations/{org}/viewer-origins",
                Scope.PORTAL,
                k -> call("PUT", v1 + "/viewer-origins", "Bearer " + k, "{\"origins\": []}")));
        // The embedded viewer's reads take a viewer token only: no key's scope passes.
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/viewer/events",
                null,
                k -> call("GET", v1 + "/viewer/events", "Bearer " + k, "")));
        rows.add(new Row(
                "GET",
                "/v1/organizations/{org}/viewer/events/{id}",
                null,
                k -> call("GET", v1 + "/viewer/events/evt_scopes", "Bearer " + k, "")));
        rows.add(new Row(
                "POST",
                "/audit_logs/events",
                Scope.EVENTS_WRITE,
                k -> call(
                        "POST",
                        "/audit_logs/events",
                        "Bearer " + k,
                        "{\"organization_id\": \"" + org()
                                + "\", \"event\": {\"action\": \"document.view\", \"occurred_at\":"
                                + " \"2026-01-01T00:00:00Z\", \"actor\": {\"type\": \"user\", \"id\": \"u1\"}, \"targets\":"
                                + " [], \"context\": {\"location\": \"203.0.113.1\"}, \"version\": 1}}")));
        rows.add(new Row(
                "POST",
                "/publisher/v1/project/{project}/event",
                Scope.EVENTS_WRITE,
                k -> call(
                        "POST",
                        "/publisher/v1/project/" + org() + "/event",
                        "token=" + k,
                        "{\"action\": \"document.view\", \"crud\": \"r\", \"actor\": {\"id\": \"u1\"}}")));
        rows.add(
                new Row(
                        "POST",
                        "/publisher/v1/project/{project}/event/bulk",
                        Scope.EVENTS_WRITE,
                        k -> call(
                                "POST",
                                "/publisher/v1/project/" + org() + "/event/bulk",
                                "token=" + k,
                                "{\"events\": [{\"action\": \"document.view\", \"crud\": \"r\", \"actor\": {\"id\": \"u1\"}}]}")));
        return rows;
    }

    @Test
    void everyRoute_everyScope_onlyTheNeededScopePasses_othersGet403NamingIt() {
        Map<Scope, String> keys = new EnumMap<>(Scope.class);
        for (Scope scope : Scope.values()) {
            keys.put(scope, store("key_" + scope.name().toLowerCase(Locale.ROOT), scope));
        }
        for (Row row : rows()) {
            for (Scope scope : Scope.values()) {
                TestServer.Reply reply = row.call().ask(Objects.requireNonNull(keys.get(scope)));
                String what = row.method() + " " + row.template() + " with " + scope.wire() + ": "
                        + reply.raw().body();
                Scope needs = row.needs();
                if (needs == null) {
                    // What only a person's console session may do: no scope grants it.
                    assertThat(reply.status()).as(what).isEqualTo(403);
                    assertThat(reply.header("Content-Type")).as(what).isEqualTo("application/problem+json");
                    assertThat(reply.json().has("scope")).as(what).isFalse();
                } else if (scope == needs || row.alsoPasses().contains(scope)) {
                    assertThat(reply.status()).as(what).isNotIn(401, 403);
                } else {
                    assertThat(reply.status()).as(what).isEqualTo(403);
                    assertThat(reply.header("Content-Type")).as(what).isEqualTo("application/problem+json");
                    assertThat(reply.json().get("scope").asString()).as(what).isEqualTo(needs.wire());
                    assertThat(reply.json().get("detail").asString()).as(what).contains(needs.wire());
                }
            }
        }
    }

    /**
     * {@code DELETE /v1/organizations/{org}} is the one route no scope passes (owners only; ADR 0010): every key gets
     * 403 without a scope to ask for, and its attempt is recorded.
     */
    @Test
    void deleteOrganization_noScopePasses_everyKeyGets403() {
        for (Scope scope : Scope.values()) {
            String key = store("key_delete_" + scope.name().toLowerCase(Locale.ROOT), scope);
            TestServer.Reply reply =
                    call("DELETE", "/v1/organizations/" + org(), "Bearer " + key, "{\"confirm\": \"Acme\"}");
            assertThat(reply.status())
                    .as(scope.wire() + ": " + reply.raw().body())
                    .isEqualTo(403);
            assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(reply.json().has("scope")).as(scope.wire()).isFalse();
        }
        assertThat(server.storage
                        .organizations()
                        .find(server.acmeId())
                        .orElseThrow()
                        .deleted())
                .isFalse();
        assertThat(server.recorded("org.delete")).hasSize(Scope.values().length);
    }

    /** An access token of a new app of Globex holding every scope, obtained at {@code /oauth/token}. */
    private String globexAppToken() {
        String scopes = java.util.Arrays.stream(Scope.values())
                .map(scope -> "\"" + scope.wire() + "\"")
                .collect(java.util.stream.Collectors.joining(", "));
        TestServer.Reply app = call(
                "POST",
                "/v1/organizations/" + server.globex.organization().id().value() + "/apps",
                "Bearer " + server.globex.apiKey().secret(),
                "{\"name\": \"globex app\", \"scopes\": [" + scopes + "]}");
        assertThat(app.status()).as(app.raw().body()).isEqualTo(201);
        TestServer.Reply token = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + app.json().get("client_id").asString() + "&client_secret="
                        + app.json().get("client_secret").asString()))
                .build());
        assertThat(token.status()).as(token.raw().body()).isEqualTo(200);
        return token.json().get("access_token").asString();
    }

    /**
     * Issue 13: a token of an app of another organization, holding every scope, gets nothing from Acme on any route a
     * key reaches — the same answer as that organization's own key of every scope (404 on {@code /v1}, as for an
     * organization that does not exist; 403 on the embedded viewer's reads, which take viewer tokens only; the compatible
     * ingest endpoints take keys only) — and leaves no trace in Acme's log.
     */
    @Test
    void everyRoute_appTokenOfAnotherOrganization_getsNothing_likeItsKey() {
        Map<String, String> callers = Map.of(
                "Globex's app token",
                globexAppToken(),
                "Globex's key",
                server.globex.apiKey().secret());
        for (Row row : rows()) {
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                TestServer.Reply reply = row.call().ask(caller.getValue());
                String what = row.method() + " " + row.template() + " with " + caller.getKey() + ": "
                        + reply.raw().body();
                if (row.template().contains("/viewer/")) {
                    // The embedded viewer's reads refuse any key or app token before they look at the organization.
                    assertThat(reply.status()).as(what).isEqualTo(403);
                    assertThat(reply.json().get("type").asString())
                            .as(what)
                            .isEqualTo("urn:attest:problem:viewer-token-required");
                } else if (row.template().startsWith("/v1/")) {
                    assertThat(reply.status()).as(what).isEqualTo(404);
                    assertThat(reply.header("Content-Type")).as(what).isEqualTo("application/problem+json");
                } else {
                    // WorkOS- and Retraced-compatible ingest, in their own error formats: nothing is taken.
                    assertThat(reply.status()).as(what).isIn(401, 403, 404);
                }
            }
        }
        assertThat(server.storage
                        .events()
                        .query(
                                dev.attest.core.store.EventFilter.of(server.acmeId()),
                                dev.attest.core.store.PageRequest.first(dev.attest.core.store.PageRequest.MAX_LIMIT))
                        .events())
                .as("Acme's log")
                .noneMatch(event -> event.actor().type() == dev.attest.core.event.ActorType.APP);
    }

    @Test
    void rows_coverEveryRouteAKeyReaches() {
        Set<String> walked = new LinkedHashSet<>();
        rows().forEach(row -> walked.add(row.template()));

        List<String> machineRoutes = Routes.templates().stream()
                .filter(t -> t.startsWith("/v1/") || t.startsWith("/audit_logs/") || t.startsWith("/publisher/"))
                .toList();

        assertThat(walked).containsExactlyInAnyOrderElementsOf(machineRoutes);
    }
}
