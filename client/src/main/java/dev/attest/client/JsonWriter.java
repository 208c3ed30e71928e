package dev.attest.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes plain Java values as JSON text (RFC 8259). Stateless. */
final class JsonWriter {
    private JsonWriter() {}

    static String write(@Nullable Object value) {
        var out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    /**
     * Checks that {@code value} can be written.
     *
     * @throws IllegalArgumentException naming the first value that is not JSON
     */
    static void check(@Nullable Object value) {
        write(value, new StringBuilder());
    }

    private static void write(@Nullable Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s, out);
            case Boolean b -> out.append(b.booleanValue());
            case Integer i -> out.append(i.intValue());
            case Long l -> out.append(l.longValue());
            case Short s -> out.append(s.shortValue());
            case Byte b -> out.append(b.byteValue());
            case BigInteger b -> out.append(b);
            case BigDecimal d -> out.append(d.toString());
            case Double d -> finite(d, out);
            case Float f -> finite(f.doubleValue(), out);
            case Enum<?> e -> string(e.name().toLowerCase(java.util.Locale.ROOT), out);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (var entry : map.entrySet()) {
                    if (!(entry.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON object keys must be strings, not " + entry.getKey());
                    }
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(key, out);
                    out.append(':');
                    write(entry.getValue(), out);
                }
                out.append('}');
            }
            case Collection<?> list -> {
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(item, out);
                }
                out.append(']');
            }
            default ->
                throw new IllegalArgumentException("a " + value.getClass().getName()
                        + " is not a JSON value; use strings, numbers, booleans, null, maps and lists");
        }
    }

    private static void finite(double value, StringBuilder out) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON numbers must be finite, not " + value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // RFC 8259 §7: control characters must be escaped; U+2028/9 too, for JavaScript readers.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
