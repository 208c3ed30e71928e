package dev.attest.core.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Single-use codes that stand in for the second factor when the authenticator is lost. Each is 10 characters of a
 * 32-letter alphabet without look-alikes (50 bits), shown as {@code xxxxx-xxxxx}; only the SHA-256 of its normalized
 * form is stored, which is enough for random codes of that strength. Thread-safe.
 */
public final class RecoveryCodes {
    /** How many codes a member gets at enrollment. */
    public static final int COUNT = 10;

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int LENGTH = 10;

    private RecoveryCodes() {}

    /** {@link #COUNT} new codes, as shown to the member (with the dash). */
    public static List<String> generate(SecureRandom random) {
        var codes = new ArrayList<String>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            var code = new StringBuilder(LENGTH + 1);
            for (int j = 0; j < LENGTH; j++) {
                if (j == LENGTH / 2) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return List.copyOf(codes);
    }

    /**
     * The stored hash of a code as typed (case, spaces and dashes ignored), or empty when the text cannot be a
     * recovery code at all.
     */
    public static Optional<String> hash(String typed) {
        String normalized = typed.replace("-", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
        if (normalized.length() != LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < normalized.length(); i++) {
            if (ALPHABET.indexOf(normalized.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.US_ASCII));
            return Optional.of(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
