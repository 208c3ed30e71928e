package dev.attest.integrity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The shared rules of c2sp.org/signed-note: key names, key IDs, base64 and the characters a note may contain. */
final class NoteFormat {
    /** The signature type byte of Ed25519 (c2sp.org/signed-note, Signature types). */
    static final byte ED25519 = 0x01;

    /** Key IDs are written as 8 hex digits in key strings. */
    static final int KEY_ID_HEX_LENGTH = 8;

    private NoteFormat() {}

    /**
     * Why {@code name} is not a valid key name, or null if it is: "Key names MUST be non-empty and MUST NOT contain any
     * Unicode spaces or plus (U+002B) characters" (c2sp.org/signed-note, Format). Control characters cannot appear in
     * a note, so they are refused too.
     */
    static @Nullable String keyNameProblem(String name) {
        if (name.isEmpty()) {
            return "a key name must not be empty";
        }
        String invalid = invalidCharacter(name, false);
        if (invalid != null) {
            return "a key name must not contain " + invalid;
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (c == '+' || isUnicodeSpace(c)) {
                return "a key name must not contain Unicode spaces or '+', found " + unicode(c);
            }
            i += Character.charCount(c);
        }
        return null;
    }

    static void requireKeyName(String name) {
        String problem = keyNameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem + " (c2sp.org/signed-note, Format)");
        }
    }

    /**
     * Describes the first character that no note may contain, or returns null: "Signed notes MUST be valid UTF-8 and
     * MUST NOT contain any ASCII control characters (those below U+0020) other than newline" (c2sp.org/signed-note,
     * Format). An unpaired surrogate has no UTF-8 encoding.
     */
    static @Nullable String invalidCharacter(String text, boolean newlineAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && !(c == '\n' && newlineAllowed)) {
                return "the control character " + unicode(c) + " (at index " + i + ")";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "the unpaired surrogate " + unicode(c) + " (at index " + i + "), which is not valid UTF-8";
            }
        }
        return null;
    }

    /** U+XXXX, the usual name of a code point. */
    static String unicode(int codePoint) {
        String hex = Integer.toHexString(codePoint).toUpperCase(Locale.ROOT);
        return "U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex;
    }

    /** Unicode White_Space, as Go's unicode.IsSpace, which the reference implementation uses. */
    static boolean isUnicodeSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || codePoint == 0x85;
    }

    /** key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian (signed-note, Signatures). */
    static int keyId(String name, byte type, byte[] publicKey) {
        MessageDigest sha256 = MerkleHash.sha256();
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        sha256.update(type);
        sha256.update(publicKey);
        return ByteBuffer.wrap(sha256.digest()).getInt();
    }

    static String keyIdHex(int keyId) {
        return HexFormat.of().toHexDigits(keyId);
    }

    /**
     * Reads the key ID at the start of {@code text}, written as 8 lowercase hex digits and followed by '+', as in the
     * key strings of golang.org/x/mod/sumdb/note; returns null if there is none.
     */
    static @Nullable Integer keyIdBeforePlus(String text) {
        if (text.length() <= KEY_ID_HEX_LENGTH || text.charAt(KEY_ID_HEX_LENGTH) != '+') {
            return null;
        }
        for (int i = 0; i < KEY_ID_HEX_LENGTH; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        return Integer.parseUnsignedInt(text, 0, KEY_ID_HEX_LENGTH, 16);
    }

    /** 0x01 || key: an Ed25519 key with its signature type, as key strings encode it. */
    static byte[] typedEd25519(byte[] key) {
        byte[] typed = new byte[1 + key.length];
        typed[0] = ED25519;
        System.arraycopy(key, 0, typed, 1, key.length);
        return typed;
    }

    /** The key if {@code typed} is 0x01 followed by 32 bytes, else null. */
    static byte @Nullable [] untypedEd25519(byte @Nullable [] typed) {
        if (typed == null || typed.length != 1 + Ed25519.KEY_SIZE || typed[0] != ED25519) {
            return null;
        }
        return Arrays.copyOfRange(typed, 1, typed.length);
    }

    /** Standard base64 with padding (RFC 4648 §4), as the C2SP formats use. */
    static String encodeBase64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Decodes canonical RFC 4648 §4 base64 only, or returns null. The JDK decoder also accepts missing padding and
     * non-zero padding bits; accepting those would let different texts carry the same signature or hash.
     */
    static byte @Nullable [] decodeBase64(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return encodeBase64(bytes).equals(text) ? bytes : null;
    }
}
