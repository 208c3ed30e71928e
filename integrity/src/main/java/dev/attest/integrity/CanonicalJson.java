package dev.attest.integrity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The RFC 8785 JSON Canonicalization Scheme (JCS) over plain Java values: the exact bytes that are hashed and signed.
 *
 * <p>Accepted values: {@code null}, {@link Boolean}, {@link String}, {@link Map} with {@code String} keys (any order),
 * {@link List}, and numbers:
 *
 * <ul>
 *   <li>{@link Byte}, {@link Short}, {@link Integer}, {@link Long} and {@link BigInteger} of magnitude at most 2^53:
 *       beyond that, not every integer survives the IEEE 754 double of the JCS data model (RFC 8785 §3.2.2.3);
 *   <li>{@link Double} and {@link Float} (widened exactly), except NaN and infinities (RFC 8785 §3.2.2.3);
 *   <li>{@link BigDecimal} whose value the written number denotes exactly: 0.1 does, while 0.10000000000000001 would
 *       also be written as 0.1 and is refused, so that two different values never share one canonical form.
 * </ul>
 *
 * <p>Anything else (other types, non-String keys, strings with unpaired surrogates, nesting deeper than 1000) is
 * rejected with an {@link IllegalArgumentException} that names the JSON Pointer (RFC 6901) of the offending value.
 *
 * <p>Thread-safe: every call writes to its own buffer.
 */
public final class CanonicalJson {
    private static final int MAX_DEPTH = 1000;
    private static final long MAX_EXACT_INTEGER = 1L << 53;
    private static final BigInteger MAX_EXACT_BIG_INTEGER = BigInteger.valueOf(MAX_EXACT_INTEGER);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer = new byte[256];
    private int length;

    private CanonicalJson() {}

    /**
     * Returns the UTF-8 bytes of the canonical JSON text of {@code value} (RFC 8785 §3.2).
     *
     * @throws IllegalArgumentException if the value, or a value inside it, is outside the JCS data model; the message
     *     names its JSON Pointer. Values nest at most 1,000 deep; a thread whose stack cannot hold that much nesting
     *     (the writer recurses once or twice per level) gets this exception too, never a {@link StackOverflowError}.
     */
    public static byte[] canonicalize(@Nullable Object value) {
        CanonicalJson writer = new CanonicalJson();
        try {
            writer.value(value, Pointer.ROOT, 0);
        } catch (StackOverflowError e) {
            // Only this writer's frames are unwound, and it holds no state outside itself.
            throw new IllegalArgumentException("nesting deeper than this thread's stack can hold", e);
        }
        return Arrays.copyOf(writer.buffer, writer.length);
    }

    private void value(@Nullable Object value, Pointer at, int depth) {
        switch (value) {
            case null -> ascii("null");
            case Boolean bool -> ascii(bool ? "true" : "false");
            case String string -> string(string, at);
            case Number number -> ascii(number(number, at));
            case Map<?, ?> map -> object(map, at, depth + 1);
            case List<?> list -> array(list, at, depth + 1);
            default ->
                throw new IllegalArgumentException("unsupported type "
                        + value.getClass().getName() + " at " + at + " (not in the JSON data model)");
        }
    }

    /** RFC 8785 §3.2.3: members sorted by name, compared as arrays of UTF-16 code units. */
    private void object(Map<?, ?> map, Pointer at, int depth) {
        requireDepth(at, depth);
        String[] names = new String[map.size()];
        int count = 0;
        for (Object name : map.keySet()) {
            if (!(name instanceof String string)) {
                throw new IllegalArgumentException("member name " + name + " at " + at + " is not a String");
            }
            names[count++] = string;
        }
        // String.compareTo compares UTF-16 code units, as RFC 8785 §3.2.3 requires (not code points, not UTF-8).
        Arrays.sort(names);
        append('{');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                append(',');
            }
            Pointer member = at.child(names[i]);
            string(names[i], member);
            append(':');
            value(map.get(names[i]), member, depth);
        }
        append('}');
    }

    private void array(List<?> list, Pointer at, int depth) {
        requireDepth(at, depth);
        append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                append(',');
            }
            value(list.get(i), at.child(Integer.toString(i)), depth);
        }
        append(']');
    }

    private static void requireDepth(Pointer at, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nesting deeper than " + MAX_DEPTH + " at " + at);
        }
    }

    /** RFC 8785 §3.2.2.3, ECMAScript Number::toString, after checking that the value survives as a double. */
    private static String number(Number number, Pointer at) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            long value = number.longValue();
            if (value > MAX_EXACT_INTEGER || value < -MAX_EXACT_INTEGER) {
                throw new IllegalArgumentException(tooLarge(number, at));
            }
            return Long.toString(value);
        }
        if (number instanceof BigInteger big) {
            if (big.abs().compareTo(MAX_EXACT_BIG_INTEGER) > 0) {
                throw new IllegalArgumentException(tooLarge(number, at));
            }
            return big.toString();
        }
        if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(
                        number + " at " + at + " is not allowed: JSON has no NaN or Infinity (RFC 8785 §3.2.2.3)");
            }
            return EcmaScriptNumber.format(value);
        }
        if (number instanceof BigDecimal decimal) {
            // Double.parseDouble rounds to the nearest double, as reading JSON number text does (RFC 8785 §3.2.2.3).
            double value = Double.parseDouble(decimal.toString());
            String written = Double.isFinite(value) ? EcmaScriptNumber.format(value) : null;
            if (written == null || new BigDecimal(written).compareTo(decimal) != 0) {
                throw new IllegalArgumentException("BigDecimal " + decimal + " at " + at
                        + " is not exactly an IEEE 754 double, so its canonical form would change its value"
                        + " (RFC 8785 §3.2.2.3)");
            }
            return written;
        }
        throw new IllegalArgumentException(
                "unsupported number type " + number.getClass().getName() + " at " + at);
    }

    private static String tooLarge(Number number, Pointer at) {
        return "integer " + number + " at " + at + " exceeds 2^53 in magnitude and would not survive as an IEEE 754"
                + " double (RFC 8785 §3.2.2.3); send it as a string";
    }

    /** RFC 8785 §3.2.2.2: minimal escaping, everything else as UTF-8. */
    private void string(String string, Pointer at) {
        append('"');
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            switch (c) {
                case '"' -> ascii("\\\"");
                case '\\' -> ascii("\\\\");
                case '\b' -> ascii("\\b");
                case '\t' -> ascii("\\t");
                case '\n' -> ascii("\\n");
                case '\f' -> ascii("\\f");
                case '\r' -> ascii("\\r");
                default -> {
                    if (c < 0x20) {
                        ascii("\\u00");
                        append(HEX_DIGITS[c >> 4]);
                        append(HEX_DIGITS[c & 0xf]);
                    } else if (c < 0x80) {
                        append(c);
                    } else if (c < 0x800) {
                        append(0xc0 | (c >> 6));
                        append(0x80 | (c & 0x3f));
                    } else if (!Character.isSurrogate(c)) {
                        append(0xe0 | (c >> 12));
                        append(0x80 | ((c >> 6) & 0x3f));
                        append(0x80 | (c & 0x3f));
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < string.length()
                            && Character.isLowSurrogate(string.charAt(i + 1))) {
                        int codePoint = Character.toCodePoint(c, string.charAt(++i));
                        append(0xf0 | (codePoint >> 18));
                        append(0x80 | ((codePoint >> 12) & 0x3f));
                        append(0x80 | ((codePoint >> 6) & 0x3f));
                        append(0x80 | (codePoint & 0x3f));
                    } else {
                        // I-JSON (RFC 7493 §2.1), which RFC 8785 §3.1 requires: strings are valid Unicode.
                        throw new IllegalArgumentException("unpaired surrogate " + NoteFormat.unicode(c) + " at index "
                                + i + " of the string at " + at);
                    }
                }
            }
        }
        append('"');
    }

    private void ascii(String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            append(ascii.charAt(i));
        }
    }

    private void append(int b) {
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        buffer[length++] = (byte) b;
    }

    /** A JSON Pointer (RFC 6901), built as a chain and rendered only for error messages. */
    private record Pointer(@Nullable Pointer parent, String token) {
        static final Pointer ROOT = new Pointer(null, "");

        Pointer child(String token) {
            return new Pointer(this, token);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "\"\" (the root)";
            }
            // Iteratively, leaf to root: a pointer is as deep as the nesting it names (up to MAX_DEPTH), and the
            // writer's own recursion has used the stack by the time a message is made.
            var tokens = new java.util.ArrayDeque<String>();
            for (Pointer p = this; p.parent != null; p = p.parent) {
                tokens.push(p.token.replace("~", "~0").replace("/", "~1"));
            }
            StringBuilder pointer = new StringBuilder("\"");
            tokens.forEach(token -> pointer.append('/').append(token));
            return pointer.append('"').toString();
        }
    }
}
