package dev.attest.core.account;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts small secrets that must be read back (TOTP seeds) with AES-256-GCM under the installation's secret key, so
 * that a copy of the database alone does not reveal them. A sealed value is text: {@code v1.} and the Base64url of a
 * random 96-bit nonce followed by the ciphertext and its 128-bit tag. The {@code purpose} is authenticated data: a
 * value sealed for one purpose (say, a member's seed) does not open as another (another member's seed).
 * Thread-safe.
 */
public final class SecretBox {
    /** The key's length in bytes. */
    public static final int KEY_BYTES = 32;

    private static final String VERSION = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param key {@value #KEY_BYTES} bytes, e.g. from {@link #newKey}; copied
     * @throws IllegalArgumentException for another length
     */
    public SecretBox(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the secret key must be " + KEY_BYTES + " bytes (256 bits), not " + key.length);
        }
        this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), "AES");
    }

    /** A new random key. */
    public static byte[] newKey(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** Encrypts {@code plain} for {@code purpose}; each call gives a different text. */
    public String seal(byte[] plain, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] all = ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * Decrypts what {@link #seal} made for the same {@code purpose}.
     *
     * @throws SecretBoxException if the text is malformed, was altered, was sealed for another purpose or under
     *     another key (the installation's secret key changed)
     */
    public byte[] open(String sealed, String purpose) throws SecretBoxException {
        if (!sealed.startsWith(VERSION)) {
            throw new SecretBoxException("not a sealed value of this version (expected the prefix " + VERSION + ")");
        }
        byte[] all;
        try {
            all = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretBoxException("a sealed value is not Base64url: " + e.getMessage());
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretBoxException("a sealed value is too short to hold a nonce and a tag");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecretBoxException("a sealed value does not open with this key for this purpose: it was altered,"
                    + " or sealed under another secret key (ATTEST_SECRET_KEY or the data directory's secret.key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[key hidden]";
    }
}
