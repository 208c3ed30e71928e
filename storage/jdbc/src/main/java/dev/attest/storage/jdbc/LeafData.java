package dev.attest.storage.jdbc;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventDocument;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events as stored: their RFC 8785 canonical bytes, exactly what their leaf hash was computed from (see
 * docs/adr/0002-store-the-bytes-that-were-hashed.md), read back into {@link Event}s.
 *
 * <p>RFC 8785 writes every number as ECMAScript does: a whole number within ±2^53 without a fraction, any other in the
 * shortest form that reads back to the same double. The event parser admits integers only within ±2^53, so a whole
 * number read back beyond that range was a double, and becomes one again; one within it becomes a {@code Long}, as
 * the parser made it (a double such as 3.0 has the same canonical bytes as the integer 3, so either reading hashes
 * alike).
 */
final class LeafData {
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private LeafData() {}

    /**
     * The event stored as {@code data}.
     *
     * @throws IllegalStateException if the bytes are not an event document (the database was damaged)
     */
    static Event read(byte[] data, byte @Nullable [] leafHash) {
        try (JsonParser parser = MAPPER.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, @Nullable Object> document = object(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more after the object");
            }
            return EventDocument.read(document, leafHash == null ? null : HEX.formatHex(leafHash));
        } catch (RuntimeException e) {
            throw new IllegalStateException("a stored event cannot be read: " + e.getMessage(), e);
        }
    }

    /** A JSON object as the event parser makes one: numbers as {@code Long} within ±2^53, {@code Double} otherwise. */
    static Map<String, @Nullable Object> object(String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object: " + json);
            }
            return object(parser);
        }
    }

    /**
     * The object whose {@code START_OBJECT} the parser is on, read in one pass straight into the values the event
     * parser makes (no intermediate tree: every event read goes through here).
     */
    private static Map<String, @Nullable Object> object(JsonParser parser) {
        var object = new LinkedHashMap<String, @Nullable Object>();
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            object.put(name, value(parser, parser.nextToken()));
        }
        return Collections.unmodifiableMap(object);
    }

    private static @Nullable Object value(JsonParser parser, @Nullable JsonToken token) {
        if (token == null) {
            throw new IllegalArgumentException("the JSON ends early");
        }
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> {
                var list = new ArrayList<@Nullable Object>();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    list.add(value(parser, item));
                }
                yield Collections.unmodifiableList(list);
            }
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> wholeNumber(parser);
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected " + token);
        };
    }

    private static Object wholeNumber(JsonParser parser) {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return parser.getBigIntegerValue().doubleValue();
        }
        long value = parser.getLongValue();
        return Math.abs(value) <= MAX_SAFE_INTEGER ? (Object) value : (double) value;
    }
}
