package dev.attest.core.account;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as authenticator apps compute them: RFC 6238 with HMAC-SHA1, 30-second steps from the
 * Unix epoch, 6 digits (RFC 4226 §5.3 dynamic truncation). Keys are 20 random bytes (160 bits, RFC 4226 §4 R6),
 * written in Base32 (RFC 4648 §6) for people and {@code otpauth://} URIs. Stateless and thread-safe.
 */
public final class Totp {
    /** The length of one time step, in seconds (RFC 6238 §4.1 X). */
    public static final long STEP_SECONDS = 30;

    /** Digits of a code. */
    public static final int DIGITS = 6;

    /**
     * How many steps before and after the current one are accepted, for clocks that drift and people who type slowly
     * (RFC 6238 §5.2 recommends at most one).
     */
    public static final int WINDOW = 1;

    private static final int KEY_BYTES = 20;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Totp() {}

    /** A new random key. */
    public static byte[] newKey(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** The time step of an instant: whole steps since the Unix epoch (RFC 6238 §4.2 T). */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of {@code key} at {@code step}, zero-padded to {@code digits} (6 for people; 8 in RFC 6238's vectors). */
    public static String code(byte[] key, long step, int digits) {
        byte[] hmac = hmacSha1(key, ByteBuffer.allocate(8).putLong(step).array());
        // RFC 4226 §5.3: the low 4 bits of the last byte choose where 31 bits are read.
        int offset = hmac[hmac.length - 1] & 0x0f;
        int binary = ((hmac[offset] & 0x7f) << 24)
                | ((hmac[offset + 1] & 0xff) << 16)
                | ((hmac[offset + 2] & 0xff) << 8)
                | (hmac[offset + 3] & 0xff);
        int modulus = 1;
        for (int i = 0; i < digits; i++) {
            modulus *= 10;
        }
        String text = Integer.toString(binary % modulus);
        return "0".repeat(digits - text.length()) + text;
    }

    /**
     * The step at which {@code typed} is {@code key}'s code, within {@link #WINDOW} steps of {@code now} and later than
     * {@code lastUsedStep}, so that a code accepted once is never accepted again (RFC 6238 §5.2). Spaces in the typed
     * code are ignored. Every candidate is compared in constant time.
     *
     * @return the matching step, or empty if the code is wrong, malformed, expired or already used
     */
    public static OptionalLong match(byte[] key, String typed, Instant now, long lastUsedStep) {
        String code = typed.replace(" ", "");
        if (code.length() != DIGITS || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long current = step(now);
        long found = Long.MIN_VALUE;
        for (long step = current - WINDOW; step <= current + WINDOW; step++) {
            boolean equal = MessageDigest.isEqual(
                    code(key, step, DIGITS).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII));
            if (equal && step > lastUsedStep && found == Long.MIN_VALUE) {
                found = step;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /**
     * The {@code otpauth://totp/} URI that authenticator apps read from a QR code (the de-facto "Key Uri Format"):
     * issuer and account label, the Base32 secret, and this class's algorithm, digits and period.
     */
    public static String uri(String issuer, String account, byte[] key) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32(key) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    /** RFC 4648 §6 Base32 without padding, as authenticator apps expect it. */
    public static String base32(byte[] bytes) {
        var text = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                text.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return text.toString();
    }

    /**
     * Reads RFC 4648 §6 Base32, as {@link #base32} writes it: upper or lower case, spaces and padding ignored.
     *
     * @throws IllegalArgumentException for a character outside the alphabet
     */
    public static byte[] fromBase32(String text) {
        String letters = text.replace(" ", "").replace("=", "").toUpperCase(java.util.Locale.ROOT);
        byte[] bytes = new byte[letters.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int next = 0;
        for (int i = 0; i < letters.length(); i++) {
            int value = BASE32.indexOf(letters.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("not a Base32 letter: " + letters.charAt(i));
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bytes[next++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return bytes;
    }

    private static String encode(String text) {
        // Labels are path segments: spaces as %20, not the form encoding's '+'.
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] hmacSha1(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
