package dev.attest.core.org;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * An organization's API key. The secret is shown once, when made, and stored only as its SHA-256 hash: a key holds
 * 256 random bits, so a fast hash is enough to make the stored value useless to a thief (no password stretching is
 * needed for secrets that cannot be guessed).
 *
 * @param secret the whole key, e.g. {@code atk_4Fq…}; never logged, never stored
 */
public record ApiKey(String secret) {
    private static final String PREFIX = "atk_";
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /** A new random key. */
    public static ApiKey generate(SecureRandom random) {
        return new ApiKey(randomText(PREFIX, random));
    }

    /**
     * {@code prefix} and 256 random bits as 43 base62 characters: the form of every high-entropy secret Attest makes
     * (keys, app secrets, access tokens), each kind with its own prefix.
     */
    public static String randomText(String prefix, SecureRandom random) {
        var text = new StringBuilder(prefix);
        for (int i = 0; i < 43; i++) {
            text.append(BASE62[random.nextInt(BASE62.length)]);
        }
        return text.toString();
    }

    /** The first characters of the key, safe to show so that people can tell keys apart. */
    public String displayPrefix() {
        return secret.substring(0, Math.min(secret.length(), PREFIX.length() + 6));
    }

    /** The SHA-256 of the key, as stored. */
    public byte[] hash() {
        return hash(secret);
    }

    /** The SHA-256 of a presented key, to look up its organization. */
    public static byte[] hash(String presented) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /** The hash as lowercase hex. */
    public String hashHex() {
        return HexFormat.of().formatHex(hash());
    }

    @Override
    public String toString() {
        // Records print their fields; a key must never reach a log through toString().
        return "ApiKey[" + displayPrefix() + "…]";
    }
}
