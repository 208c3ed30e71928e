package dev.attest.server;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * An authenticator in software, for tests: one ES256 credential, answers as a browser would pass them on (Base64url),
 * with the origin, RP id, challenge and counter each test chooses — including wrong ones.
 */
public final class SoftAuthenticator {
    private static final ObjectConverter CONVERTER = new ObjectConverter();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final byte UP = 0x01;
    private static final byte UV = 0x04;
    private static final byte AT = 0x40;

    private final byte[] credentialId;
    private final KeyPair keys;

    public SoftAuthenticator(byte[] credentialId) throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        this.keys = generator.generateKeyPair();
        this.credentialId = credentialId.clone();
    }

    public String credentialIdText() {
        return B64.encodeToString(credentialId);
    }

    /** A registration's answer. */
    public record Created(String clientData, String attestationObject) {}

    /** An assertion's answer. */
    public record Asserted(String clientData, String authenticatorData, String signature) {}

    public Created create(String origin, String rpId, byte[] challenge) throws GeneralSecurityException {
        var data = new AttestedCredentialData(
                AAGUID.ZERO,
                credentialId,
                EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        var authenticatorData = new AuthenticatorData<
                com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput>(
                sha256(rpId.getBytes(StandardCharsets.UTF_8)), (byte) (UP | UV | AT), 0, data);
        byte[] attestation = new AttestationObjectConverter(CONVERTER)
                .convertToBytes(new AttestationObject(authenticatorData, new NoneAttestationStatement()));
        return new Created(clientData("webauthn.create", origin, challenge), B64.encodeToString(attestation));
    }

    public Asserted get(String origin, String rpId, byte[] challenge, long counter) throws GeneralSecurityException {
        var authenticatorData = new AuthenticatorData<
                com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput>(
                sha256(rpId.getBytes(StandardCharsets.UTF_8)), (byte) (UP | UV), counter);
        byte[] authData = new AuthenticatorDataConverter(CONVERTER).convert(authenticatorData);
        String clientData = clientData("webauthn.get", origin, challenge);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(authData);
        signer.update(sha256(Base64.getUrlDecoder().decode(clientData)));
        return new Asserted(clientData, B64.encodeToString(authData), B64.encodeToString(signer.sign()));
    }

    private static String clientData(String type, String origin, byte[] challenge) {
        String json = "{\"type\":\"" + type + "\",\"challenge\":\"" + B64.encodeToString(challenge) + "\",\"origin\":\""
                + origin + "\",\"crossOrigin\":false}";
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
