package dev.attest.core.admin;

import dev.attest.core.org.ApiKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The single-use tokens of emailed links (invitations, password resets): 256 random bits, URL-safe; stored only as
 * their SHA-256, which is enough for a high-entropy secret (DESIGN.md §7).
 */
public final class SecretTokens {
    private SecretTokens() {}

    /** A new token: 32 random bytes in unpadded base64url (43 characters). */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What is stored of a token: its SHA-256 in lower-case hex. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(ApiKey.hash(token));
    }

    /** Whether {@code text} has the shape of a token, so that nothing else is looked up or hashed. */
    public static boolean looksLikeToken(String text) {
        return text.length() == 43 && text.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }
}
