package dev.attest.server.console;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.util.exception.WebAuthnException;
import dev.attest.core.member.Member;
import dev.attest.core.member.Passkey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The WebAuthn ceremonies of passkeys (WebAuthn L3 §7.1 registration, §7.2 assertion), checked with webauthn4j: the
 * options the browser passes to {@code navigator.credentials}, and the checks of its answers — the challenge is one
 * Attest made for this party and purpose and is spent here (single use), the origin is the console's, the RP id hash is
 * the console's host, the signature is the registered key's, and (in {@link Passkeys}) the counter moves forward.
 * Attestation is not asked for ({@code none}): Attest trusts the member who is signed in, not a device make.
 * Thread-safe.
 */
final class PasskeyCeremonies {
    /** Algorithms offered, in order of preference: ES256, EdDSA, RS256 (COSE ids). */
    private static final List<COSEAlgorithmIdentifier> ALGORITHMS =
            List.of(COSEAlgorithmIdentifier.ES256, COSEAlgorithmIdentifier.EdDSA, COSEAlgorithmIdentifier.RS256);

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager();
    private final AttestedCredentialDataConverter credentials =
            new AttestedCredentialDataConverter(new ObjectConverter());

    /** Why a ceremony's answer was refused; the message is safe to show. */
    static final class CeremonyException extends Exception {
        private static final long serialVersionUID = 1L;

        CeremonyException(String message) {
            super(message);
        }
    }

    /**
     * Who the browser must be talking to: the console's origin and its RP id (the host). From the configured public
     * URL when there is one, else from the request's own host — never {@code 127.0.0.1}, which WebAuthn refuses.
     */
    record RelyingParty(String origin, String id) {
        static RelyingParty of(@Nullable String publicUrl, String requestOrigin) {
            URI uri = URI.create(publicUrl != null ? publicUrl : requestOrigin);
            String origin = uri.getScheme() + "://" + uri.getRawAuthority();
            return new RelyingParty(origin, uri.getHost());
        }
    }

    /** What a registration proved: the credential to keep. */
    record Registered(String credentialId, String credentialData, long signCount) {}

    /** The options of {@code navigator.credentials.create} (Base64url for every buffer; the script decodes them). */
    Map<String, Object> creationOptions(
            RelyingParty rp, String rpName, Member member, byte[] challenge, List<Passkey> existing) {
        var options = new LinkedHashMap<String, Object>();
        options.put("challenge", B64.encodeToString(challenge));
        options.put("rp", Map.of("id", rp.id(), "name", rpName));
        options.put(
                "user",
                Map.of(
                        "id",
                        B64.encodeToString(member.id().getBytes(StandardCharsets.UTF_8)),
                        "name",
                        member.email(),
                        "displayName",
                        member.name()));
        options.put(
                "pubKeyCredParams",
                ALGORITHMS.stream()
                        .map(a -> Map.of("type", "public-key", "alg", a.getValue()))
                        .toList());
        options.put("excludeCredentials", descriptors(existing));
        // A discoverable credential, so that the same passkey also signs in without a password.
        options.put("authenticatorSelection", Map.of("residentKey", "required", "userVerification", "preferred"));
        options.put("attestation", "none");
        options.put("timeout", 120_000);
        return options;
    }

    /**
     * The options of {@code navigator.credentials.get}: the member's passkeys for a second factor, none (any
     * discoverable credential of this RP) for a sign-in without a password, which must verify the user.
     */
    Map<String, Object> requestOptions(RelyingParty rp, byte[] challenge, List<Passkey> allowed, boolean verifyUser) {
        var options = new LinkedHashMap<String, Object>();
        options.put("challenge", B64.encodeToString(challenge));
        options.put("rpId", rp.id());
        options.put("allowCredentials", descriptors(allowed));
        options.put("userVerification", verifyUser ? "required" : "preferred");
        options.put("timeout", 120_000);
        return options;
    }

    private static List<Map<String, String>> descriptors(List<Passkey> passkeys) {
        return passkeys.stream()
                .map(p -> Map.of("type", "public-key", "id", p.credentialId()))
                .toList();
    }

    /**
     * Checks a registration (WebAuthn L3 §7.1).
     *
     * @param spend spends the challenge the answer names: true once, for the party that asked
     */
    Registered register(RelyingParty rp, String clientDataJson, String attestationObject, Predicate<byte[]> spend)
            throws CeremonyException {
        try {
            RegistrationData parsed =
                    manager.parse(new RegistrationRequest(decode(attestationObject), decode(clientDataJson)));
            byte[] challenge = challengeOf(parsed.getCollectedClientData());
            if (!spend.test(challenge)) {
                throw new CeremonyException("the passkey answered a challenge that was not yours, expired or used");
            }
            RegistrationData verified = manager.verify(
                    parsed,
                    new RegistrationParameters(
                            server(rp, challenge),
                            ALGORITHMS.stream()
                                    .map(a -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, a))
                                    .toList(),
                            false,
                            true));
            var authenticatorData = verified.getAttestationObject() == null
                    ? null
                    : verified.getAttestationObject().getAuthenticatorData();
            AttestedCredentialData data =
                    authenticatorData == null ? null : authenticatorData.getAttestedCredentialData();
            if (authenticatorData == null || data == null) {
                throw new CeremonyException("the authenticator sent no credential");
            }
            return new Registered(
                    B64.encodeToString(data.getCredentialId()),
                    B64.encodeToString(credentials.convert(data)),
                    authenticatorData.getSignCount());
        } catch (WebAuthnException | IllegalArgumentException e) {
            throw new CeremonyException(reason(e));
        }
    }

    /** The credential id (Base64url) an assertion names, before anything is checked. */
    static String credentialIdOf(String credentialId) throws CeremonyException {
        try {
            return B64.encodeToString(decode(credentialId));
        } catch (IllegalArgumentException e) {
            throw new CeremonyException("the passkey's answer is malformed");
        }
    }

    /** The member id a discoverable credential's user handle names; empty if it names none. */
    static String userOf(String userHandle) throws CeremonyException {
        try {
            return new String(decode(userHandle), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CeremonyException("the passkey's answer is malformed");
        }
    }

    /**
     * Checks an assertion of {@code passkey} (WebAuthn L3 §7.2) and returns its signature counter, for
     * {@link dev.attest.core.account.Passkeys#use} to move forward.
     */
    long authenticate(
            RelyingParty rp,
            Passkey passkey,
            String clientDataJson,
            String authenticatorData,
            String signature,
            String userHandle,
            boolean verifyUser,
            Predicate<byte[]> spend)
            throws CeremonyException {
        try {
            AuthenticationData parsed = manager.parse(new AuthenticationRequest(
                    decode(passkey.credentialId()),
                    userHandle.isEmpty() ? null : decode(userHandle),
                    decode(authenticatorData),
                    decode(clientDataJson),
                    decode(signature)));
            byte[] challenge = challengeOf(parsed.getCollectedClientData());
            if (!spend.test(challenge)) {
                throw new CeremonyException("the passkey answered a challenge that was not yours, expired or used");
            }
            AttestedCredentialData data = credentials.convert(decode(passkey.credentialData()));
            var record = new CredentialRecordImpl(
                    new NoneAttestationStatement(),
                    null,
                    null,
                    null,
                    passkey.signCount(),
                    data,
                    null,
                    null,
                    null,
                    null);
            AuthenticationData verified = manager.verify(
                    parsed, new AuthenticationParameters(server(rp, challenge), record, null, verifyUser, true));
            AuthenticatorData<?> signed = verified.getAuthenticatorData();
            if (signed == null) {
                throw new CeremonyException("the authenticator sent no data");
            }
            return signed.getSignCount();
        } catch (WebAuthnException | IllegalArgumentException e) {
            throw new CeremonyException(reason(e));
        }
    }

    private static byte[] challengeOf(com.webauthn4j.data.client.@Nullable CollectedClientData clientData)
            throws CeremonyException {
        if (clientData == null || clientData.getChallenge() == null) {
            throw new CeremonyException("the passkey's answer names no challenge");
        }
        return clientData.getChallenge().getValue();
    }

    private static ServerProperty server(RelyingParty rp, byte[] challenge) {
        return ServerProperty.builder()
                .origin(Origin.create(rp.origin()))
                .rpId(rp.id())
                .challenge(new DefaultChallenge(challenge))
                .build();
    }

    private static byte[] decode(String base64url) {
        return UNB64.decode(base64url);
    }

    /** A short reason to show and record, from webauthn4j's exception type (its messages may quote the input). */
    private static String reason(Exception e) {
        return switch (e.getClass().getSimpleName()) {
            case "BadOriginException" -> "the passkey answered another site (origin)";
            case "BadRpIdException" -> "the passkey is for another site (RP id)";
            case "BadChallengeException" -> "the passkey answered another challenge";
            case "MaliciousCounterValueException" -> "the passkey's signature counter went back (a cloned key?)";
            case "BadSignatureException" -> "the passkey's signature is not right";
            case "UserNotVerifiedException" -> "the passkey did not verify you (PIN or biometrics)";
            case "UserNotPresentException" -> "the passkey did not see you (touch)";
            default -> "the passkey's answer is not valid";
        };
    }
}
