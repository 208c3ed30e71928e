package dev.attest.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.member.Member;
import dev.attest.core.member.Passkey;
import dev.attest.core.member.Role;
import dev.attest.server.SoftAuthenticator;
import dev.attest.server.console.PasskeyCeremonies.CeremonyException;
import dev.attest.server.console.PasskeyCeremonies.RelyingParty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checks of WebAuthn answers (WebAuthn L3 §7.1, §7.2), against an authenticator in software. */
class PasskeyCeremoniesTest {
    private static final RelyingParty RP = RelyingParty.of(null, "http://localhost:8080");
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final PasskeyCeremonies ceremonies = new PasskeyCeremonies();
    private final List<String> issued = new ArrayList<>();
    private SoftAuthenticator authenticator;

    /** Spends a challenge as the store does: once, and only one that was issued. */
    private boolean spend(byte[] challenge) {
        return issued.remove(HexFormat.of().formatHex(challenge));
    }

    @BeforeEach
    void setUp() throws Exception {
        authenticator = new SoftAuthenticator("cred-1".getBytes(StandardCharsets.UTF_8));
    }

    private byte[] issue(int seed) {
        byte[] challenge = new byte[32];
        challenge[0] = (byte) seed;
        issued.add(HexFormat.of().formatHex(challenge));
        return challenge;
    }

    private Passkey registered(long signCount) throws Exception {
        var created = authenticator.create(RP.origin(), RP.id(), issue(1));
        var done = ceremonies.register(RP, created.clientData(), created.attestationObject(), this::spend);
        return new Passkey(done.credentialId(), "usr_1", "Laptop", done.credentialData(), signCount, T0, null);
    }

    private long authenticate(Passkey passkey, SoftAuthenticator.Asserted answer, boolean verifyUser)
            throws CeremonyException {
        return ceremonies.authenticate(
                RP,
                passkey,
                answer.clientData(),
                answer.authenticatorData(),
                answer.signature(),
                "",
                verifyUser,
                this::spend);
    }

    @Test
    void relyingParty_publicUrlWinsOverTheRequest() {
        assertThat(RelyingParty.of("https://audit.example.com", "http://localhost:8080"))
                .isEqualTo(new RelyingParty("https://audit.example.com", "audit.example.com"));
        assertThat(RP).isEqualTo(new RelyingParty("http://localhost:8080", "localhost"));
    }

    @Test
    void creationOptions_discoverableCredentialForTheMember() {
        var member = new Member("usr_1", null, "ada@acme.test", "Ada", Role.OWNER, false, "h", false, T0);
        Map<String, Object> options = ceremonies.creationOptions(RP, "Attest", member, new byte[32], List.of());
        assertThat(options.get("rp")).isEqualTo(Map.of("id", "localhost", "name", "Attest"));
        assertThat(options.get("authenticatorSelection"))
                .isEqualTo(Map.of("residentKey", "required", "userVerification", "preferred"));
        assertThat(options.get("attestation")).isEqualTo("none");
    }

    @Test
    void register_rightOriginRpIdAndChallenge_keepsThePublicKey() throws Exception {
        Passkey passkey = registered(0);

        assertThat(passkey.credentialId()).isEqualTo(authenticator.credentialIdText());
        assertThat(passkey.credentialData()).isNotBlank();
        assertThat(issued).as("the challenge is spent").isEmpty();
    }

    @Test
    void register_wrongOrigin_refused() throws Exception {
        var created = authenticator.create("http://evil.test:8080", RP.id(), issue(1));

        assertThatThrownBy(
                        () -> ceremonies.register(RP, created.clientData(), created.attestationObject(), this::spend))
                .isInstanceOf(CeremonyException.class)
                .hasMessageContaining("origin");
    }

    @Test
    void register_wrongRpId_refused() throws Exception {
        var created = authenticator.create(RP.origin(), "evil.test", issue(1));

        assertThatThrownBy(
                        () -> ceremonies.register(RP, created.clientData(), created.attestationObject(), this::spend))
                .isInstanceOf(CeremonyException.class)
                .hasMessageContaining("RP id");
    }

    @Test
    void register_replayedChallenge_refused() throws Exception {
        var created = authenticator.create(RP.origin(), RP.id(), issue(1));
        ceremonies.register(RP, created.clientData(), created.attestationObject(), this::spend);

        assertThatThrownBy(
                        () -> ceremonies.register(RP, created.clientData(), created.attestationObject(), this::spend))
                .isInstanceOf(CeremonyException.class)
                .hasMessageContaining("expired or used");
    }

    @Test
    void register_challengeNeverIssued_refused() throws Exception {
        var created = authenticator.create(RP.origin(), RP.id(), new byte[32]);

        assertThatThrownBy(
                        () -> ceremonies.register(RP, created.clientData(), created.attestationObject(), this::spend))
                .isInstanceOf(CeremonyException.class);
    }

    @Test
    void authenticate_rightAnswer_returnsTheCounter() throws Exception {
        Passkey passkey = registered(0);
        var asserted = authenticator.get(RP.origin(), RP.id(), issue(2), 7);

        long counter = authenticate(passkey, asserted, true);

        assertThat(counter).isEqualTo(7);
    }

    @Test
    void authenticate_counterGoingBack_refused() throws Exception {
        Passkey passkey = registered(9);
        var asserted = authenticator.get(RP.origin(), RP.id(), issue(2), 3);

        assertThatThrownBy(() -> authenticate(passkey, asserted, false))
                .isInstanceOf(CeremonyException.class)
                .hasMessageContaining("counter");
    }

    @Test
    void authenticate_wrongOriginOrRpId_refused() throws Exception {
        Passkey passkey = registered(0);
        var otherOrigin = authenticator.get("https://localhost.evil.test", RP.id(), issue(2), 1);
        var otherRp = authenticator.get(RP.origin(), "evil.test", issue(3), 1);

        assertThatThrownBy(() -> authenticate(passkey, otherOrigin, false)).hasMessageContaining("origin");
        assertThatThrownBy(() -> authenticate(passkey, otherRp, false)).hasMessageContaining("RP id");
    }

    @Test
    void authenticate_replayedAnswer_refused() throws Exception {
        Passkey passkey = registered(0);
        var asserted = authenticator.get(RP.origin(), RP.id(), issue(2), 1);
        authenticate(passkey, asserted, false);

        assertThatThrownBy(() -> authenticate(passkey, asserted, false)).hasMessageContaining("expired or used");
    }

    @Test
    void authenticate_anotherKeysSignature_refused() throws Exception {
        Passkey passkey = registered(0);
        var impostor = new SoftAuthenticator("cred-1".getBytes(StandardCharsets.UTF_8));
        var asserted = impostor.get(RP.origin(), RP.id(), issue(2), 1);

        assertThatThrownBy(() -> authenticate(passkey, asserted, false)).hasMessageContaining("signature");
    }
}
