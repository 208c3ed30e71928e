package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import dev.attest.testing.TestOidcProvider;
import dev.attest.testing.TestOidcProvider.Tamper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on with OpenID Connect end to end over HTTP (docs/adr/0014): Acme's settings through {@code /v1/…/sso},
 * a browser sent to a real provider in the JVM and back, and every refusal — a spoiled ID token, a replayed or foreign
 * state, an unverified or foreign email, a disabled member, a password where SSO is required — found in the log with
 * its reason.
 */
class SsoIT {
    private static final String SECRET = "s3cret-of-attest-at-the-provider";
    private static final Pattern GO = Pattern.compile("id=\"sso-go\" href=\"([^\"]+)\"");

    @TempDir
    Path data;

    TestServer server;
    TestOidcProvider provider;
    Accounts.Created ada;
    final HttpClient providerBrowser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeEach
    void start() {
        server = new TestServer(SqliteStorage.open(data, 4), b -> b);
        provider = new TestOidcProvider("attest-acme", SECRET, TestClock.clock());
        var accounts = new Accounts(server.storage, TestClock.clock());
        // Refusals that name no organization are recorded in the installation's log.
        accounts.ensureInstallation();
        ada = accounts.createMember(server.acmeId(), "ada@acme.test", "Ada", Role.AUDITOR);
        provider.signInAs("ada@acme.test", "Ada Lovelace", true);
    }

    @AfterEach
    void stop() {
        provider.close();
        server.close();
    }

    private TestServer.Reply putSso(String org, String key, String body) {
        return server.call("PUT", "/v1/organizations/" + org + "/sso", "Bearer " + key, body);
    }

    private void configureAcme(boolean justInTime, boolean required) {
        TestServer.Reply put = putSso(
                server.acmeId().value(),
                server.acmeKey(),
                "{\"issuer\": \"" + provider.issuer() + "\", \"client_id\": \"attest-acme\", \"client_secret\": \""
                        + SECRET + "\", \"email_domains\": [\"ACME.test\", \"acme.test\"], \"just_in_time\": "
                        + justInTime + ", \"require_sso\": " + required + "}");
        assertThat(put.status()).as(put.raw().body()).isEqualTo(200);
    }

    /** Starts at the SSO form, goes through the provider, and returns the answer of the callback. */
    private TestServer.Reply signInThroughProvider(ConsoleSession browser, String email) throws Exception {
        String csrf = ConsoleSession.csrfOf(browser.get("/sign-in/sso").raw().body());
        TestServer.Reply start = browser.post("/sign-in/sso", Map.of("csrf", csrf, "email", email, "next", ""));
        return browser.get(callbackFor(providerUrl(start)));
    }

    /** Where the page answering the SSO form sends the browser on (it refreshes there at once). */
    private static String providerUrl(TestServer.Reply start) {
        assertThat(start.status()).as(start.raw().body()).isEqualTo(200);
        Matcher go = GO.matcher(start.raw().body());
        assertThat(go.find()).as(start.raw().body()).isTrue();
        assertThat(start.raw().body()).contains("http-equiv=\"refresh\"");
        return go.group(1).replace("&amp;", "&");
    }

    /** The provider's answer to an authorization request: the callback's path and query on Attest. */
    private String callbackFor(String authorization) throws Exception {
        assertThat(authorization).startsWith(provider.issuer() + "/authorize?");
        HttpResponse<String> approved = providerBrowser.send(
                HttpRequest.newBuilder(URI.create(authorization)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        URI back = URI.create(approved.headers().firstValue("Location").orElseThrow());
        assertThat(back.getPath()).isEqualTo("/sso/callback");
        return back.getRawPath() + "?" + back.getRawQuery();
    }

    private Event lastFailure() {
        return server.recorded("auth.login.failure").getFirst();
    }

    @Test
    void settings_areAnsweredWithoutTheSecret_andTheSecretIsSealedAtRest() throws Exception {
        configureAcme(true, false);

        TestServer.Reply got = server.get("/v1/organizations/" + server.acmeId().value() + "/sso", server.acmeKey());

        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("issuer").asString()).isEqualTo(provider.issuer());
        assertThat(got.json().get("client_id").asString()).isEqualTo("attest-acme");
        assertThat(got.json().get("client_secret_set").asBoolean()).isTrue();
        assertThat(got.json().get("email_domains").toString()).isEqualTo("[\"acme.test\"]");
        assertThat(got.json().get("just_in_time").asBoolean()).isTrue();
        assertThat(got.json().get("default_role").asString()).isEqualTo("member");
        assertThat(got.raw().body()).doesNotContain(SECRET);
        String stored = server.storage.directory().ssoSettings(server.acmeId()).sealedClientSecret();
        assertThat(stored).startsWith("v1.").doesNotContain(SECRET);
    }

    @Test
    void settings_badFields_areRefusedByName_andChangeNothing() {
        String acme = server.acmeId().value();
        TestServer.Reply issuer = putSso(acme, server.acmeKey(), "{\"issuer\": \"ftp://idp.example\"}");
        TestServer.Reply domains =
                putSso(acme, server.acmeKey(), "{\"email_domains\": [\"acme.test\", \"not a domain\"]}");
        TestServer.Reply required = putSso(acme, server.acmeKey(), "{\"require_sso\": true}");
        TestServer.Reply unknown = putSso(acme, server.acmeKey(), "{\"secret\": \"x\"}");

        assertThat(issuer.status()).isEqualTo(400);
        assertThat(issuer.raw().body()).contains("/issuer").contains("https");
        assertThat(domains.status()).isEqualTo(400);
        assertThat(domains.raw().body()).contains("/email_domains/1");
        assertThat(required.status()).isEqualTo(400);
        assertThat(required.raw().body()).contains("/require_sso");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(server.storage.directory().ssoSettings(server.acmeId()).emailDomains())
                .isEmpty();
    }

    @Test
    void settings_ofAnotherOrganization_areNotFound_andItsDomainsAreNotTaken() {
        configureAcme(false, false);
        String globexKey = server.globex.apiKey().secret();

        TestServer.Reply read =
                server.get("/v1/organizations/" + server.acmeId().value() + "/sso", globexKey);
        TestServer.Reply change = putSso(server.acmeId().value(), globexKey, "{\"require_sso\": false}");
        TestServer.Reply clash =
                putSso(server.globex.organization().id().value(), globexKey, "{\"email_domains\": [\"acme.test\"]}");

        assertThat(read.status()).isEqualTo(404);
        assertThat(change.status()).isEqualTo(404);
        assertThat(clash.status()).as(clash.raw().body()).isEqualTo(409);
        assertThat(clash.raw().body()).contains("acme.test");
    }

    @Test
    void signIn_throughTheProvider_startsASession_andIsRecordedWithMethodSso() throws Exception {
        configureAcme(false, false);
        var browser = new ConsoleSession(server);

        TestServer.Reply back = signInThroughProvider(browser, "ada@acme.test");

        assertThat(back.status()).as(back.raw().body()).isEqualTo(303);
        assertThat(back.header("Location")).isEqualTo("/orgs/" + server.acmeId().value() + "/log");
        assertThat(browser.get(back.header("Location")).status()).isEqualTo(200);
        Event success = server.recorded("auth.login.success").getFirst();
        assertThat(success.payload()).containsEntry("method", "sso").containsEntry("email", "ada@acme.test");
        assertThat(success.actor().id()).isEqualTo(ada.member().id());
        assertThat(provider.lastAuthorization())
                .contains("code_challenge_method=S256")
                .contains("nonce=")
                .contains("state=")
                .doesNotContain("code_verifier");
    }

    @Test
    void signIn_unknownPersonWithJustInTime_joinsWithTheDefaultRole() throws Exception {
        configureAcme(true, false);
        putSso(server.acmeId().value(), server.acmeKey(), "{\"default_role\": \"auditor\"}");
        provider.signInAs("grace@acme.test", "Grace Hopper", true);

        TestServer.Reply back = signInThroughProvider(new ConsoleSession(server), "grace@acme.test");

        assertThat(back.status()).as(back.raw().body()).isEqualTo(303);
        Member grace = server.storage.members().findByEmail("grace@acme.test").orElseThrow();
        assertThat(grace.organization()).isEqualTo(server.acmeId());
        assertThat(grace.role()).isEqualTo(Role.AUDITOR);
        assertThat(grace.name()).isEqualTo("Grace Hopper");
        assertThat(server.recorded("auth.login.success").getFirst().payload())
                .containsEntry("method", "sso")
                .containsEntry("email", "grace@acme.test");
    }

    @Test
    void signIn_unknownPersonWithoutJustInTime_isRefused() throws Exception {
        configureAcme(false, false);
        provider.signInAs("grace@acme.test", "Grace Hopper", true);

        TestServer.Reply back = signInThroughProvider(new ConsoleSession(server), "grace@acme.test");

        assertThat(back.status()).isEqualTo(401);
        assertThat(server.storage.members().findByEmail("grace@acme.test")).isEmpty();
        assertThat(lastFailure().payload())
                .containsEntry("reason", "unknown_email")
                .containsEntry("method", "sso");
    }

    @Test
    void signIn_spoiledIdTokens_areEachRefusedWithTheirReason() throws Exception {
        configureAcme(true, false);
        Map<Tamper, String> reasons = Map.of(
                Tamper.FOREIGN_KEY, "sso_invalid_signature",
                Tamper.WRONG_AUDIENCE, "sso_wrong_audience",
                Tamper.WRONG_ISSUER, "sso_wrong_issuer",
                Tamper.EXPIRED, "sso_token_expired",
                Tamper.WRONG_NONCE, "sso_nonce_mismatch");
        for (var spoiled : reasons.entrySet()) {
            provider.tamper(spoiled.getKey());

            TestServer.Reply back = signInThroughProvider(new ConsoleSession(server), "ada@acme.test");

            assertThat(back.status()).as(spoiled.getKey().name()).isEqualTo(401);
            assertThat(back.raw().body()).contains("Single sign-on failed");
            assertThat(lastFailure().payload())
                    .as(spoiled.getKey().name())
                    .containsEntry("reason", spoiled.getValue())
                    .containsEntry("method", "sso");
        }
        assertThat(server.recorded("auth.login.success")).isEmpty();
    }

    @Test
    void signIn_unverifiedEmail_isRefused() throws Exception {
        configureAcme(true, false);
        provider.signInAs("ada@acme.test", "Ada", false);

        TestServer.Reply back = signInThroughProvider(new ConsoleSession(server), "ada@acme.test");

        assertThat(back.status()).isEqualTo(401);
        assertThat(lastFailure().payload()).containsEntry("reason", "sso_email_unverified");
    }

    @Test
    void signIn_emailOfAnotherOrganizationsDomain_isRefused() throws Exception {
        configureAcme(true, false);
        new Accounts(server.storage, TestClock.clock())
                .createMember(server.globex.organization().id(), "bob@globex.test", "Bob", Role.OWNER);
        provider.signInAs("bob@globex.test", "Bob", true);

        TestServer.Reply back = signInThroughProvider(new ConsoleSession(server), "ada@acme.test");

        assertThat(back.status()).isEqualTo(401);
        assertThat(lastFailure().payload())
                .containsEntry("reason", "sso_domain_mismatch")
                .containsEntry("email", "bob@globex.test");
        assertThat(server.recorded(server.globex.organization().id(), "auth.login.success"))
                .isEmpty();
    }

    @Test
    void callback_replayedOrFromAnotherBrowser_isRefused() throws Exception {
        configureAcme(true, false);
        var browser = new ConsoleSession(server);
        String csrf = ConsoleSession.csrfOf(browser.get("/sign-in/sso").raw().body());
        TestServer.Reply start =
                browser.post("/sign-in/sso", Map.of("csrf", csrf, "email", "ada@acme.test", "next", ""));
        String callback = callbackFor(providerUrl(start));

        TestServer.Reply elsewhere = new ConsoleSession(server).get(callback);
        TestServer.Reply first = browser.get(callback);
        TestServer.Reply replay = browser.get(callback);

        assertThat(elsewhere.status()).isEqualTo(401);
        assertThat(first.status()).as(first.raw().body()).isEqualTo(303);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(server.recorded(dev.attest.server.console.Accounts.INSTALLATION, "auth.login.failure"))
                .extracting(e -> e.payload().get("reason"))
                .containsExactly("sso_state_invalid", "sso_state_invalid");
        assertThat(server.recorded("auth.login.success")).hasSize(1);
    }

    @Test
    void signIn_disabledMember_isRefused() throws Exception {
        configureAcme(true, false);
        server.storage.members().disable(ada.member().id());

        TestServer.Reply back = signInThroughProvider(new ConsoleSession(server), "ada@acme.test");

        assertThat(back.status()).isEqualTo(401);
        assertThat(lastFailure().payload()).containsEntry("reason", "user_disabled");
        assertThat(lastFailure().actor().id()).isEqualTo(ada.member().id());
    }

    @Test
    void passwordSignIn_whereSsoIsRequired_failsWithSsoRequired_andSsoStillWorks() throws Exception {
        configureAcme(false, true);
        var browser = new ConsoleSession(server);

        TestServer.Reply password = browser.signIn("ada@acme.test", ada.password(), "");

        assertThat(password.status()).isEqualTo(401);
        assertThat(password.raw().body()).contains("Sign in with SSO");
        assertThat(lastFailure().payload())
                .containsEntry("reason", "sso_required")
                .containsEntry("method", "password");
        assertThat(signInThroughProvider(browser, "ada@acme.test").status()).isEqualTo(303);
    }

    @Test
    void start_emailOfNoSsoDomain_isRefusedOnThePage() {
        var browser = new ConsoleSession(server);
        String csrf = ConsoleSession.csrfOf(browser.get("/sign-in/sso").raw().body());

        TestServer.Reply start =
                browser.post("/sign-in/sso", Map.of("csrf", csrf, "email", "someone@nowhere.test", "next", ""));

        assertThat(start.status()).isEqualTo(400);
        assertThat(start.raw().body()).contains("No organization here signs in with SSO");
        assertThat(server.recorded(dev.attest.server.console.Accounts.INSTALLATION, "auth.login.failure")
                        .getFirst()
                        .payload())
                .containsEntry("reason", "sso_unknown_domain");
    }
}
