package dev.attest.server.compat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The hash a Retraced publisher answers with, which the official Node client recomputes and compares: SHA-256 over
 * a colon-separated text of the event's id and fields, as written down in Attest's notes on Retraced's wire format.
 * Presence follows JavaScript truthiness, because that is what the client checks: an empty {@code fields} object
 * appends nothing, an absent one appends ":", and an empty {@code metadata} object appends a lone ":".
 */
final class RetracedHash {
    private RetracedHash() {}

    /** The lower-case hex SHA-256 of {@link #text(String, Map)}. */
    static String of(String id, Map<?, ?> event) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(text(id, event).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The text that is hashed. */
    static String text(String id, Map<?, ?> event) {
        var out = new StringBuilder();
        out.append(pass1(id)).append(':');
        out.append(pass1(event.get("action"))).append(':');
        out.append(truthy(event.get("target")) ? pass1(field(event.get("target"), "id")) : "")
                .append(':');
        out.append(truthy(event.get("actor")) ? pass1(field(event.get("actor"), "id")) : "")
                .append(':');
        out.append(truthy(event.get("group")) ? pass1(field(event.get("group"), "id")) : "")
                .append(':');
        out.append(truthy(event.get("source_ip")) ? pass1(event.get("source_ip")) : "")
                .append(':');
        out.append(truthy(event.get("is_failure")) ? "1" : "0").append(':');
        out.append(truthy(event.get("is_anonymous")) ? "1" : "0").append(':');
        Object fields = event.get("fields");
        out.append(truthy(fields) ? pairs(fields) : ":");
        Object externalId = event.get("external_id");
        if (truthy(externalId)) {
            out.append(':').append(pass1(externalId));
        }
        Object metadata = event.get("metadata");
        if (truthy(metadata)) {
            out.append(':').append(pairs(metadata));
        }
        return out.toString();
    }

    private static @Nullable Object field(@Nullable Object object, String name) {
        return object instanceof Map<?, ?> map ? map.get(name) : null;
    }

    /** key=value; for each entry in sorted key order (UTF-16 code units, as JavaScript sorts). */
    private static String pairs(@Nullable Object object) {
        var out = new StringBuilder();
        if (object instanceof Map<?, ?> map) {
            var sorted = new TreeMap<String, @Nullable Object>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            sorted.forEach((k, v) -> out.append(pass2(pass1(k)))
                    .append('=')
                    .append(pass2(pass1(v)))
                    .append(';'));
        }
        return out.toString();
    }

    /** "%" → "%25", then ":" → "%3A"; non-strings and empty strings as JavaScript would print them. */
    private static String pass1(@Nullable Object value) {
        if (value instanceof String s) {
            return s.replace("%", "%25").replace(":", "%3A");
        }
        return value == null ? "undefined" : String.valueOf(value);
    }

    /** "=" → "%3D", then ";" → "%3B". */
    private static String pass2(String value) {
        return value.replace("=", "%3D").replace(";", "%3B");
    }

    private static boolean truthy(@Nullable Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Number n -> n.doubleValue() != 0 && !Double.isNaN(n.doubleValue());
            default -> true;
        };
    }
}
