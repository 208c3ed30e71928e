package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.Outcome;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.testing.TestClock;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * SCIM 2.0 as directories speak it, against a real server: the request bodies Okta and Entra ID send (their
 * documentation's examples), each form of deactivation, the event each leaves in the log with actor type
 * {@code system}, tokens that reach only their own organization, and SCIM's error documents.
 */
class ScimIT {
    private static final String OKTA_CREATE = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.test",\
            "name":{"givenName":"Ada","familyName":"Lovelace"},\
            "emails":[{"primary":true,"value":"ada@acme.test","type":"work"}],"displayName":"Ada Lovelace",\
            "locale":"en-US","externalId":"00ujl29u0le5T6Aj10h7","groups":[],"password":"1mz050nq","active":true}""";
    private static final String OKTA_DEACTIVATE = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],\
            "Operations":[{"op":"replace","value":{"active":false}}]}""";
    private static final String ENTRA_CREATE = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",\
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],\
            "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"grace@acme.test","active":true,\
            "emails":[{"primary":true,"type":"work","value":"grace@acme.test"}],"meta":{"resourceType":"User"},\
            "name":{"formatted":"Grace Hopper","familyName":"Hopper","givenName":"Grace"},"roles":[]}""";
    private static final String ENTRA_DEACTIVATE = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],\
            "Operations":[{"op":"Replace","path":"active","value":"False"}]}""";

    @TempDir
    Path data;

    TestServer server;
    Accounts accounts;

    @BeforeEach
    void start() {
        server = new TestServer(data);
        accounts = new Accounts(server.storage, TestClock.clock());
        // The organization's owner, so that the last-owner rule never decides these tests.
        accounts.createMember(server.acmeId(), "owner@acme.test", "Owner", Role.OWNER);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A directory token of Acme made through the management API with the organization's key. */
    private String token(String provider) {
        TestServer.Reply made = server.call(
                "POST",
                "/v1/organizations/" + server.acmeId().value() + "/scim-tokens",
                "Bearer " + server.acmeKey(),
                "{\"provider\": \"" + provider + "\"}");
        assertThat(made.status()).as(made.raw().body()).isEqualTo(201);
        assertThat(made.json().get("scim_base_path").asString()).isEqualTo(base());
        return made.json().get("token").asString();
    }

    private String base() {
        return "/scim/v2/" + server.acmeId().value();
    }

    private TestServer.Reply scim(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/scim+json; charset=utf-8");
        }
        return server.send(request.build());
    }

    /** Provisions a User with {@code body}; returns its id. */
    private String provision(String token, String body) {
        TestServer.Reply created = scim("POST", base() + "/Users", token, body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private String byUserName(String token, String userName) {
        String filter = URLEncoder.encode("userName eq \"" + userName + "\"", StandardCharsets.UTF_8);
        TestServer.Reply found = scim("GET", base() + "/Users?filter=" + filter + "&startIndex=1&count=100", token, "");
        assertThat(found.status()).as(found.raw().body()).isEqualTo(200);
        assertThat(found.header("Content-Type")).startsWith("application/scim+json");
        assertThat(found.json().get("totalResults").asInt()).isEqualTo(1);
        return found.json().get("Resources").get(0).get("id").asString();
    }

    /** The organization's deprovisioning events as the log API serves them, newest first. */
    private JsonNode deprovisions() {
        TestServer.Reply log = server.get(
                "/v1/organizations/" + server.acmeId().value() + "/events?action=auth.sso.deprovision",
                server.acmeKey());
        assertThat(log.status()).as(log.raw().body()).isEqualTo(200);
        return log.json().get("data");
    }

    private Member member(String id) {
        return server.storage.members().find(id).orElseThrow();
    }

    private static void assertDirectoryEvent(Event event, String email, String provider) {
        assertThat(event.actor().type()).isEqualTo(ActorType.SYSTEM);
        assertThat(event.actor().name()).isEqualTo("Directory (" + provider + ")");
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(event.payload()).containsEntry("email", email).containsEntry("provider", provider);
    }

    @Test
    void okta_createsFindsAndDeactivatesWithPatchWithoutPath_sessionsEndAndTheLogHasTheEvent() {
        String okta = token("okta");

        TestServer.Reply created = scim("POST", base() + "/Users", okta, OKTA_CREATE);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith("application/scim+json");
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).isEqualTo(base() + "/Users/" + id);
        assertThat(created.json().get("userName").asString()).isEqualTo("ada@acme.test");
        assertThat(created.json().get("active").asBoolean()).isTrue();
        assertThat(member(id).role()).isEqualTo(Role.MEMBER);
        assertThat(member(id).name()).isEqualTo("Ada Lovelace");
        assertThat(byUserName(okta, "ADA@acme.test")).isEqualTo(id);

        // A member who signed in with a password before the directory took over.
        Accounts.Created linus = accounts.createMember(server.acmeId(), "linus@acme.test", "Linus", Role.AUDITOR);
        var browser = new ConsoleSession(server);
        assertThat(browser.signIn("linus@acme.test", linus.password(), "").status())
                .isEqualTo(303);
        assertThat(browser.get("/account").status()).isEqualTo(200);
        String linusId = byUserName(okta, "linus@acme.test");

        TestServer.Reply deactivated = scim("PATCH", base() + "/Users/" + linusId, okta, OKTA_DEACTIVATE);

        assertThat(deactivated.status()).as(deactivated.raw().body()).isEqualTo(200);
        assertThat(deactivated.json().get("active").asBoolean()).isFalse();
        assertThat(member(linusId).disabled()).isTrue();
        assertThat(browser.get("/account").status()).isEqualTo(303);
        List<Event> events = server.recorded("auth.sso.deprovision");
        assertThat(events).hasSize(1);
        assertDirectoryEvent(events.getFirst(), "linus@acme.test", "okta");
        assertThat(events.getFirst().payload()).containsEntry("sessions_ended", 1L);
        JsonNode logged = deprovisions();
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).get("actor").get("type").asString()).isEqualTo("system");
        assertThat(logged.get(0).get("target").get("id").asString()).isEqualTo(linusId);

        // Directories repeat themselves: a second deactivation changes nothing and records nothing.
        assertThat(scim("PATCH", base() + "/Users/" + linusId, okta, OKTA_DEACTIVATE)
                        .status())
                .isEqualTo(200);
        assertThat(server.recorded("auth.sso.deprovision")).hasSize(1);
    }

    @Test
    void entra_createsAndDeactivatesWithCapitalisedReplaceOfTheStringFalse() {
        String entra = token("entra");
        TestServer.Reply created = scim("POST", base() + "/Users", entra, ENTRA_CREATE);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String id = byUserName(entra, "grace@acme.test");
        assertThat(member(id).name()).isEqualTo("Grace Hopper");

        TestServer.Reply deactivated = scim("PATCH", base() + "/Users/" + id, entra, ENTRA_DEACTIVATE);

        assertThat(deactivated.status()).as(deactivated.raw().body()).isEqualTo(200);
        assertThat(member(id).disabled()).isTrue();
        assertDirectoryEvent(server.recorded("auth.sso.deprovision").getFirst(), "grace@acme.test", "entra");
        assertThat(deprovisions().get(0).get("payload").get("provider").asString())
                .isEqualTo("entra");
    }

    @Test
    void put_withActiveFalse_deprovisions() {
        String okta = token("okta");
        String id = provision(okta, OKTA_CREATE);

        TestServer.Reply replaced = scim(
                "PUT",
                base() + "/Users/" + id,
                okta,
                OKTA_CREATE.replace("\"active\":true", "\"active\":false").replace("\"password\":\"1mz050nq\",", ""));

        assertThat(replaced.status()).as(replaced.raw().body()).isEqualTo(200);
        assertThat(replaced.json().get("active").asBoolean()).isFalse();
        assertThat(member(id).disabled()).isTrue();
        assertDirectoryEvent(server.recorded("auth.sso.deprovision").getFirst(), "ada@acme.test", "okta");
    }

    @Test
    void delete_deprovisions_andTheMemberStaysForTheLog() {
        String entra = token("entra");
        String id = provision(entra, ENTRA_CREATE);

        TestServer.Reply deleted = scim("DELETE", base() + "/Users/" + id, entra, "");

        assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(204);
        assertThat(member(id).disabled()).isTrue();
        assertDirectoryEvent(server.recorded("auth.sso.deprovision").getFirst(), "grace@acme.test", "entra");
    }

    @Test
    void create_joinsWithTheOrganizationsDefaultRole() {
        TestServer.Reply set = server.call(
                "PUT",
                "/v1/organizations/" + server.acmeId().value() + "/sso",
                "Bearer " + server.acmeKey(),
                "{\"default_role\": \"auditor\"}");
        assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
        String id = provision(token("okta"), OKTA_CREATE);

        assertThat(member(id).role()).isEqualTo(Role.AUDITOR);
        assertThat(member(id).disabled()).isFalse();
    }

    @Test
    void defaultRole_owner_isRefusedNamingTheField() {
        TestServer.Reply set = server.call(
                "PUT",
                "/v1/organizations/" + server.acmeId().value() + "/sso",
                "Bearer " + server.acmeKey(),
                "{\"default_role\": \"owner\"}");

        assertThat(set.status()).isEqualTo(400);
        assertThat(set.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/default_role");
    }

    @Test
    void deactivatingAnOwner_withATokenMadeByAKey_isRefusedAndRecordedAsAFailure() {
        String okta = token("okta");
        String ownerId = byUserName(okta, "owner@acme.test");

        TestServer.Reply refused = scim("PATCH", base() + "/Users/" + ownerId, okta, OKTA_DEACTIVATE);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("schemas").get(0).asString()).isEqualTo(ScimRoutes.ERROR);
        assertThat(member(ownerId).disabled()).isFalse();
        Event event = server.recorded("auth.sso.deprovision").getFirst();
        assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(event.payload()).containsEntry("reason", "owner-only");
    }

    @Test
    void entraUpdates_ofAttributesAttestDoesNotKeep_changeNothing_reactivation_isRefused() {
        String entra = token("entra");
        String id = provision(entra, ENTRA_CREATE);

        TestServer.Reply updated = scim("PATCH", base() + "/Users/" + id, entra, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[\
                {"op":"Add","path":"displayName","value":"Grace B. Hopper"},\
                {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"grace@acme.test"},\
                {"op":"Replace","path":"active","value":"True"}]}""");

        assertThat(updated.status()).as(updated.raw().body()).isEqualTo(200);
        assertThat(updated.json().get("active").asBoolean()).isTrue();
        assertThat(server.recorded("auth.sso.deprovision")).isEmpty();

        assertThat(scim("DELETE", base() + "/Users/" + id, entra, "").status()).isEqualTo(204);
        assertScimError(
                scim(
                        "PATCH",
                        base() + "/Users/" + id,
                        entra,
                        "{\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]}"),
                400,
                "mutability");
        assertThat(member(id).disabled()).isTrue();
        assertThat(server.recorded("auth.sso.deprovision")).hasSize(1);
    }

    @Test
    void errors_areScimErrorDocuments() {
        String okta = token("okta");
        String id = provision(okta, OKTA_CREATE);

        TestServer.Reply taken = scim("POST", base() + "/Users", okta, OKTA_CREATE);
        assertScimError(taken, 409, "uniqueness");
        assertScimError(scim("GET", base() + "/Users?filter=emails%20co%20%22acme%22", okta, ""), 400, "invalidFilter");
        assertScimError(
                scim(
                        "PATCH",
                        base() + "/Users/" + id,
                        okta,
                        "{\"Operations\":[{\"op\":\"move\",\"path\":\"active\"}]}"),
                400,
                "invalidSyntax");
        assertScimError(
                scim(
                        "PATCH",
                        base() + "/Users/" + id,
                        okta,
                        "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}]}"),
                400,
                "invalidValue");
        assertScimError(scim("POST", base() + "/Users", okta, "{\"active\": true}"), 400, "invalidValue");
        assertScimError(scim("POST", base() + "/Users", okta, "{not json"), 400, "invalidSyntax");
        assertScimError(scim("GET", base() + "/Users/usr_nobody", okta, ""), 404, null);
        assertThat(member(id).disabled()).isFalse();
    }

    @Test
    void serviceProviderConfig_resourceTypes_andSchemas_describeUsers() {
        String okta = token("okta");

        TestServer.Reply config = scim("GET", base() + "/ServiceProviderConfig", okta, "");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("patch").get("supported").asBoolean()).isTrue();
        assertThat(config.json().get("filter").get("supported").asBoolean()).isTrue();
        assertThat(scim("GET", base() + "/ResourceTypes", okta, "")
                        .json()
                        .get("Resources")
                        .get(0)
                        .get("endpoint")
                        .asString())
                .isEqualTo("/Users");
        assertThat(scim("GET", base() + "/Schemas", okta, "")
                        .json()
                        .get("Resources")
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(ScimRoutes.USER);
    }

    @Test
    void badTokens_get401_everywhere() {
        String okta = token("okta");
        String id = provision(okta, OKTA_CREATE);
        TestServer.Reply revoked = server.call(
                "DELETE",
                "/v1/organizations/" + server.acmeId().value() + "/scim-tokens/"
                        + server.storage
                                .directory()
                                .listTokens(server.acmeId())
                                .getFirst()
                                .id(),
                "Bearer " + server.acmeKey(),
                "");
        assertThat(revoked.status()).isEqualTo(204);

        for (String bad : List.of(okta, "scim_mistyped", server.acmeKey(), "")) {
            for (Map.Entry<String, String> route : routes(id).entrySet()) {
                String[] call = route.getKey().split(" ", 2);
                TestServer.Reply reply = scim(call[0], call[1], bad, route.getValue());
                assertScimError(reply, 401, null);
                assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
            }
        }
        assertThat(member(id).disabled()).isFalse();
    }

    /** Directory sync over the test server's storage, for tokens made by callers the API cannot stand for. */
    private dev.attest.core.admin.DirectorySync directory() {
        return new dev.attest.core.admin.DirectorySync(
                server.storage,
                new dev.attest.core.admin.Recorder(
                        new dev.attest.core.event.EventParser(
                                TestClock.clock(), new dev.attest.core.event.IdGenerator(TestClock.clock())),
                        TestClock.clock()),
                TestClock.clock());
    }

    @Test
    void anOwnersToken_disablesAnOwner_butNeverTheLastOne() {
        Member owner = server.storage.members().findByEmail("owner@acme.test").orElseThrow();
        String token = directory()
                .createToken(
                        dev.attest.core.admin.Principal.of(
                                owner, server.acmeId(), dev.attest.core.event.RequestContext.NONE),
                        "okta")
                .secret();
        String second = accounts.createMember(server.acmeId(), "second@acme.test", "Second", Role.OWNER)
                .member()
                .id();

        assertThat(scim("PATCH", base() + "/Users/" + second, token, OKTA_DEACTIVATE)
                        .status())
                .isEqualTo(200);
        TestServer.Reply last = scim("PATCH", base() + "/Users/" + owner.id(), token, OKTA_DEACTIVATE);

        assertScimError(last, 403, null);
        assertThat(member(second).disabled()).isTrue();
        assertThat(member(owner.id()).disabled()).isFalse();
        assertThat(server.recorded("auth.sso.deprovision"))
                .extracting(e -> e.outcome() + " " + e.payload().get("email") + " "
                        + e.payload().get("reason"))
                .containsExactly("FAILURE owner@acme.test last-owner", "SUCCESS second@acme.test null");
    }

    @Test
    void aTokenOfAnotherOrganization_getsNothing_onEveryRoute() {
        String acme = token("okta");
        String id = provision(acme, OKTA_CREATE);
        String globex = directory()
                .createToken(
                        dev.attest.core.admin.Principal.apiKey(
                                server.storage
                                        .apiKeys()
                                        .list(server.globex.organization().id())
                                        .getFirst(),
                                dev.attest.core.event.RequestContext.NONE),
                        "okta")
                .secret();

        // Globex's token on Acme's routes: as if Acme did not exist.
        for (Map.Entry<String, String> route : routes(id).entrySet()) {
            String[] call = route.getKey().split(" ", 2);
            TestServer.Reply reply = scim(call[0], call[1], globex, route.getValue());
            assertScimError(reply, 404, null);
            assertThat(reply.raw().body()).doesNotContain("ada@acme.test");
        }
        // Globex's token on its own routes, naming Acme's member: not there either.
        String globexBase = "/scim/v2/" + server.globex.organization().id().value();
        for (String method : List.of("GET", "PUT", "PATCH", "DELETE")) {
            String body = method.equals("PUT") ? OKTA_CREATE : method.equals("PATCH") ? OKTA_DEACTIVATE : "";
            assertScimError(scim(method, globexBase + "/Users/" + id, globex, body), 404, null);
        }
        TestServer.Reply listed = scim("GET", globexBase + "/Users", globex, "");
        assertThat(listed.json().get("totalResults").asInt()).isZero();
        assertThat(member(id).disabled()).isFalse();
        assertThat(server.recorded("auth.sso.deprovision")).isEmpty();
    }

    /** Every SCIM route of Acme ({@code METHOD path}) and a body for it. */
    private Map<String, String> routes(String userId) {
        String user = base() + "/Users/" + userId;
        return new java.util.LinkedHashMap<>(Map.of(
                "GET " + base() + "/ServiceProviderConfig", "",
                "GET " + base() + "/ResourceTypes", "",
                "GET " + base() + "/Schemas", "",
                "GET " + base() + "/Users", "",
                "POST " + base() + "/Users", OKTA_CREATE.replace("ada@", "eve@"),
                "GET " + user, "",
                "PUT " + user, OKTA_CREATE.replace("\"active\":true", "\"active\":false"),
                "PATCH " + user, OKTA_DEACTIVATE,
                "DELETE " + user, ""));
    }

    private static void assertScimError(
            TestServer.Reply reply, int status, @org.jspecify.annotations.Nullable String scimType) {
        String what = reply.raw().body();
        assertThat(reply.status()).as(what).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(what).startsWith("application/scim+json");
        assertThat(reply.json().get("schemas").get(0).asString()).as(what).isEqualTo(ScimRoutes.ERROR);
        assertThat(reply.json().get("status").asString()).as(what).isEqualTo(Integer.toString(status));
        if (scimType != null) {
            assertThat(reply.json().get("scimType").asString()).as(what).isEqualTo(scimType);
        }
    }
}
