package dev.attest.core.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Copies free-form JSON values (a payload), keeping what a stored, hashed event can carry: text without U+0000 and
 * without unpaired surrogates, integers within ±2^53, finite numbers, short keys, bounded depth. Every value that breaks
 * a rule is reported with its pointer; the copy is then unusable.
 */
final class JsonValues {
    private final Problems problems;

    JsonValues(Problems problems) {
        this.problems = problems;
    }

    /**
     * A copy of {@code value} (maps and lists unmodifiable, integers as {@code Long}, other numbers as {@code Double}),
     * or {@code null} where a rule was broken.
     *
     * @param depth how deep {@code value} sits, 1 for the payload itself
     */
    @Nullable
    Object copy(@Nullable Object value, String pointer, String name, int depth) {
        if (depth > Limits.MAX_PAYLOAD_DEPTH) {
            problems.fail(pointer, name, "nests deeper than " + Limits.MAX_PAYLOAD_DEPTH + " levels");
            return null;
        }
        return switch (value) {
            case null -> null;
            case String s -> text(s, pointer, name) ? s : null;
            case Boolean b -> b;
            case Integer i -> i.longValue();
            case Long l -> safeInteger(BigInteger.valueOf(l), pointer, name) ? l : null;
            case BigInteger b -> safeInteger(b, pointer, name) ? b.longValueExact() : null;
            case Double d -> finite(d, pointer, name) ? d : null;
            case Float f -> finite(f.doubleValue(), pointer, name) ? f.doubleValue() : null;
            case BigDecimal d -> finite(d.doubleValue(), pointer, name) ? d.doubleValue() : null;
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Map<?, ?> map -> object(map, pointer, name, depth);
            case List<?> list -> {
                var copy = new ArrayList<@Nullable Object>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    copy.add(copy(list.get(i), pointer + "/" + i, name + "[" + i + "]", depth + 1));
                }
                yield Collections.unmodifiableList(copy);
            }
            default -> {
                problems.fail(pointer, name, "holds a value that is not JSON");
                yield null;
            }
        };
    }

    private Map<String, @Nullable Object> object(Map<?, ?> map, String pointer, String name, int depth) {
        var copy = new LinkedHashMap<String, @Nullable Object>();
        for (var entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String at = pointer + "/" + Problems.escape(key);
            if (key.length() > Limits.MAX_PAYLOAD_KEY) {
                problems.fail(at, name, "has a key longer than " + Limits.MAX_PAYLOAD_KEY + " characters");
            } else if (key.indexOf('\0') >= 0) {
                problems.fail(at, name, "has a key containing U+0000");
            } else if (unpairedSurrogate(key) >= 0) {
                problems.fail(at, name, "has a key that " + notUnicode(key));
            }
            copy.put(key, copy(entry.getValue(), at, name + "." + key, depth + 1));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Whether {@code value} is text a stored event can carry; reports why not. */
    boolean text(String value, String pointer, String name) {
        if (value.indexOf('\0') >= 0) {
            problems.fail(pointer, name, "must not contain U+0000");
            return false;
        }
        if (unpairedSurrogate(value) >= 0) {
            problems.fail(pointer, name, notUnicode(value));
            return false;
        }
        return true;
    }

    private boolean safeInteger(BigInteger value, String pointer, String name) {
        if (value.abs().compareTo(BigInteger.valueOf(Limits.MAX_SAFE_INTEGER)) > 0) {
            problems.fail(
                    pointer,
                    name,
                    "is an integer beyond ±2^53, which JSON numbers cannot carry exactly; send it as a string");
            return false;
        }
        return true;
    }

    private boolean finite(double value, String pointer, String name) {
        if (!Double.isFinite(value)) {
            problems.fail(pointer, name, "must be a finite number");
            return false;
        }
        return true;
    }

    /** The index of the first UTF-16 surrogate in {@code text} that is not half of a pair, or -1. */
    static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String notUnicode(String text) {
        int at = unpairedSurrogate(text);
        return "must be valid Unicode, but holds an unpaired surrogate "
                + String.format(Locale.ROOT, "\\u%04X", (int) text.charAt(at)) + " at character " + at
                + " (RFC 8259 §8.2; a character outside the BMP is a pair such as \\uD83D\\uDE00)";
    }
}
