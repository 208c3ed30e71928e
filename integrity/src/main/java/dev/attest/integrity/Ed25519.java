package dev.attest.integrity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** RFC 8032 Ed25519 with the JDK provider, on raw 32-byte keys and seeds as the signed-note key strings hold them. */
final class Ed25519 {
    static final int KEY_SIZE = 32;
    static final int SIGNATURE_SIZE = 64;

    /** DER of an Ed25519 SubjectPublicKeyInfo up to the key (RFC 8410 §4): the JDK reads public keys in this form. */
    private static final byte[] PUBLIC_KEY_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private Ed25519() {}

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK since 15 provides Ed25519", e);
        }
    }

    /**
     * The key pair of a 32-byte seed (RFC 8032 §5.1.5). The JDK has no public API that derives the public key from a
     * private one, but its generator turns the 32 bytes it draws into exactly that key pair; the check below makes
     * sure the drawn bytes became the private key.
     */
    static KeyPair fromSeed(byte[] seed) {
        if (seed.length != KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 seed is " + KEY_SIZE + " bytes, got " + seed.length);
        }
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK since 15 provides Ed25519", e);
        }
        if (!Arrays.equals(seed(pair.getPrivate()), seed)) {
            throw new IllegalStateException("the JDK Ed25519 generator did not use the given seed");
        }
        return pair;
    }

    static byte[] seed(PrivateKey key) {
        return ((EdECPrivateKey) key)
                .getBytes()
                .orElseThrow(() -> new IllegalStateException("the Ed25519 private key is not extractable"));
    }

    static PublicKey publicKey(byte[] raw) {
        if (raw.length != KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key is " + KEY_SIZE + " bytes, got " + raw.length);
        }
        byte[] encoded = Arrays.copyOf(PUBLIC_KEY_PREFIX, PUBLIC_KEY_PREFIX.length + KEY_SIZE);
        System.arraycopy(raw, 0, encoded, PUBLIC_KEY_PREFIX.length, KEY_SIZE);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != PUBLIC_KEY_PREFIX.length + KEY_SIZE
                || !Arrays.equals(
                        encoded, 0, PUBLIC_KEY_PREFIX.length, PUBLIC_KEY_PREFIX, 0, PUBLIC_KEY_PREFIX.length)) {
            throw new IllegalStateException("unexpected encoding of an Ed25519 public key");
        }
        return Arrays.copyOfRange(encoded, PUBLIC_KEY_PREFIX.length, encoded.length);
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** True iff {@code signature} is a valid RFC 8032 §5.1.7 signature of {@code message}; false on malformed input. */
    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_SIZE) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // An invalid point in the key or signature is a signature that does not verify.
            return false;
        }
    }

    /** Hands the seed to the key pair generator as the 32 "random" bytes it draws, once. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private boolean used;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (used || out.length != bytes.length) {
                throw new IllegalStateException("the Ed25519 generator drew other bytes than one 32-byte seed");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
            used = true;
        }
    }
}
