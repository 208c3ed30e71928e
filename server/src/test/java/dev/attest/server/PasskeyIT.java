package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passkeys end to end over HTTP with an authenticator in software: added on the account page, refused and accepted as
 * the second step, refused and accepted alone, removed — each answer checked against the server's own challenge, and
 * each step found in the organization's log.
 */
class PasskeyIT {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @TempDir
    Path data;

    TestServer server;
    Accounts.Created ada;
    SoftAuthenticator key;
    String rpId = "127.0.0.1";

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(SqliteStorage.open(data, 4), b -> b);
        ada = new Accounts(server.storage, TestClock.clock())
                .createMember(server.acmeId(), "ada@acme.test", "Ada", Role.AUDITOR);
        key = new SoftAuthenticator("ada-key".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] challengeOf(TestServer.Reply options) throws Exception {
        assertThat(options.status()).as(options.raw().body()).isEqualTo(200);
        String challenge =
                Json.MAPPER.readTree(options.raw().body()).get("challenge").asString();
        return Base64.getUrlDecoder().decode(challenge);
    }

    private Map<String, String> assertion(String csrf, SoftAuthenticator.Asserted answer) {
        return Map.of(
                "csrf",
                csrf,
                "credential_id",
                key.credentialIdText(),
                "client_data",
                answer.clientData(),
                "authenticator_data",
                answer.authenticatorData(),
                "signature",
                answer.signature(),
                "user_handle",
                B64.encodeToString(ada.member().id().getBytes(StandardCharsets.UTF_8)));
    }

    /** Ada adds her key on her account page; returns her session. */
    private ConsoleSession register() throws Exception {
        var browser = new ConsoleSession(server);
        String csrf = browser.signInAs(ada.member().email(), ada.password());
        byte[] challenge = challengeOf(browser.post("/account/passkeys/options", Map.of("csrf", csrf)));
        var created = key.create(browser.origin(), rpId, challenge);
        Map<String, String> form = Map.of(
                "csrf",
                csrf,
                "name",
                "YubiKey",
                "client_data",
                created.clientData(),
                "attestation_object",
                created.attestationObject());
        TestServer.Reply added = browser.post("/account/passkeys", form);
        assertThat(added.status()).as(added.raw().body()).isEqualTo(303);

        TestServer.Reply replayed = browser.post("/account/passkeys", form);
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.raw().body()).contains("not yours, expired or used");
        return browser;
    }

    @Test
    void register_secondFactor_passwordless_remove_allCheckedAndRecorded() throws Exception {
        ConsoleSession owner = register();
        Event enabled = server.recorded("auth.mfa.enable").getFirst();
        assertThat(enabled.payload()).containsEntry("method", "webauthn").containsEntry("passkey", "YubiKey");
        assertThat(enabled.actor().id()).isEqualTo(ada.member().id());
        assertThat(enabled.context().ip()).isEqualTo("127.0.0.1");

        // The password now leads to the second step, where an answer for another origin is refused and recorded.
        var second = new ConsoleSession(server);
        TestServer.Reply password = second.signIn(ada.member().email(), ada.password(), "");
        assertThat(password.header("Location")).isEqualTo("/sign-in/mfa");
        String token = ConsoleSession.csrfOf(second.get("/sign-in/mfa").raw().body());
        byte[] challenge = challengeOf(second.post("/sign-in/mfa/passkey/options", Map.of("csrf", token)));
        TestServer.Reply phished =
                second.post("/sign-in/mfa/passkey", assertion(token, key.get("http://evil.test", rpId, challenge, 1)));
        assertThat(phished.status()).isEqualTo(401);
        assertThat(phished.raw().body()).contains("another site (origin)");
        Event failure = server.recorded("auth.login.failure").getFirst();
        assertThat(failure.payload()).containsEntry("reason", "mfa_invalid");

        challenge = challengeOf(second.post("/sign-in/mfa/passkey/options", Map.of("csrf", token)));
        TestServer.Reply passed =
                second.post("/sign-in/mfa/passkey", assertion(token, key.get(second.origin(), rpId, challenge, 1)));
        assertThat(passed.status()).as(passed.raw().body()).isEqualTo(303);
        assertThat(server.recorded("auth.login.success").getFirst().payload())
                .containsEntry("method", "password")
                .containsEntry("mfa", "webauthn");

        // Alone: a counter that did not move (a cloned key) is refused; the next one signs in.
        var third = new ConsoleSession(server);
        String form = ConsoleSession.csrfOf(third.get("/sign-in").raw().body());
        challenge = challengeOf(third.post("/sign-in/passkey/options", Map.of("csrf", form)));
        TestServer.Reply cloned =
                third.post("/sign-in/passkey", assertion(form, key.get(third.origin(), rpId, challenge, 1)));
        assertThat(cloned.status()).isEqualTo(401);
        assertThat(server.recorded("auth.login.failure").getFirst().payload())
                .containsEntry("reason", "invalid_passkey")
                .containsEntry("method", "webauthn");

        challenge = challengeOf(third.post("/sign-in/passkey/options", Map.of("csrf", form)));
        SoftAuthenticator.Asserted answer = key.get(third.origin(), rpId, challenge, 2);
        TestServer.Reply alone = third.post("/sign-in/passkey", assertion(form, answer));
        assertThat(alone.status()).as(alone.raw().body()).isEqualTo(303);
        assertThat(alone.header("Location"))
                .isEqualTo("/orgs/" + server.acmeId().value() + "/log");
        assertThat(server.recorded("auth.login.success").getFirst().payload())
                .containsEntry("method", "webauthn")
                .doesNotContainKey("mfa");

        // The same answer again: its challenge is spent.
        TestServer.Reply replayed = new ConsoleSession(server).post("/sign-in/passkey", assertion(form, answer));
        assertThat(replayed.status()).isNotEqualTo(303);

        String csrf = ConsoleSession.csrfOf(owner.get("/account").raw().body());
        TestServer.Reply refused = owner.post(
                "/account/passkeys/remove",
                Map.of("csrf", csrf, "passkey", key.credentialIdText(), "current_password", "not-hers"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(server.recorded("auth.mfa.disable")).isEmpty();
        TestServer.Reply removed = owner.post(
                "/account/passkeys/remove",
                Map.of("csrf", csrf, "passkey", key.credentialIdText(), "current_password", ada.password()));
        assertThat(removed.status()).as(removed.raw().body()).isEqualTo(303);
        assertThat(server.recorded("auth.mfa.disable").getFirst().payload())
                .containsEntry("method", "webauthn")
                .containsEntry("remaining", 0L);
        assertThat(new ConsoleSession(server)
                        .signIn(ada.member().email(), ada.password(), "")
                        .header("Location"))
                .as("no second step once the last passkey is gone")
                .isNotEqualTo("/sign-in/mfa");
    }

    @Test
    void adminTurnsOffMfa_removesPasskeys_recordedPerMethod() throws Exception {
        register();
        TestServer.Reply done = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/v1/organizations/"
                        + server.acmeId().value() + "/members/" + ada.member().id() + "/mfa"))
                .header("Authorization", "Bearer " + server.acmeKey())
                .DELETE()
                .build());

        assertThat(done.status()).as(done.raw().body()).isEqualTo(200);
        assertThat(done.json().get("mfa_disabled").asBoolean()).isTrue();
        assertThat(server.recorded("auth.mfa.disable").getFirst().payload())
                .containsEntry("method", "webauthn")
                .containsEntry("by", "admin")
                .containsEntry("passkeys", 1L);
        assertThat(server.storage.passkeys().list(ada.member().id())).isEmpty();
    }

    @Test
    void requiredByTheOrganization_aPasskeyIsEnrolment() throws Exception {
        server.send(java.net.http.HttpRequest.newBuilder(
                        server.uri("/v1/organizations/" + server.acmeId().value()))
                .header("Authorization", "Bearer " + server.acmeKey())
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"require_mfa\": true}"))
                .build());
        String log = "/orgs/" + server.acmeId().value() + "/log";
        var held = new ConsoleSession(server);
        held.signInAs(ada.member().email(), ada.password());
        assertThat(held.get(log).header("Location")).isEqualTo("/account");

        ConsoleSession enrolled = register();

        assertThat(enrolled.get(log).status()).isEqualTo(200);
        assertThat(held.get(log).status()).as("current sessions too").isEqualTo(200);
        assertThat(enrolled.get("/v1/organizations/" + server.acmeId().value() + "/members")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void secondFactorOptions_withoutPendingSignIn_refused() {
        var browser = new ConsoleSession(server);
        String token = ConsoleSession.csrfOf(browser.get("/sign-in").raw().body());
        assertThat(browser.post("/sign-in/mfa/passkey/options", Map.of("csrf", token))
                        .status())
                .isEqualTo(403);
        assertThat(browser.post("/sign-in/passkey/options", Map.of("csrf", "forged"))
                        .status())
                .isEqualTo(403);
    }
}
