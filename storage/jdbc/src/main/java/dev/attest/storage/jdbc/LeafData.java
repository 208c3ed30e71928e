package dev.attest.storage.jdbc;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventDocument;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
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
    private static final BigInteger MAX_SAFE_INTEGER = BigInteger.valueOf((1L << 53) - 1);
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    private static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};
    private static final HexFormat HEX = HexFormat.of();

    private LeafData() {}

    /**
     * The event stored as {@code data}.
     *
     * @throws IllegalStateException if the bytes are not an event document (the database was damaged)
     */
    static Event read(byte[] data, byte @Nullable [] leafHash) {
        try {
            return EventDocument.read(
                    object(MAPPER.readValue(data, MAP)), leafHash == null ? null : HEX.formatHex(leafHash));
        } catch (RuntimeException e) {
            throw new IllegalStateException("a stored event cannot be read: " + e.getMessage(), e);
        }
    }

    /** A JSON object as the event parser makes one: numbers as {@code Long} within ±2^53, {@code Double} otherwise. */
    static Map<String, @Nullable Object> object(String json) {
        return object(MAPPER.readValue(json, MAP));
    }

    private static Map<String, @Nullable Object> object(Map<String, @Nullable Object> map) {
        var restored = new LinkedHashMap<String, @Nullable Object>(map.size());
        map.forEach((key, value) -> restored.put(key, value(value)));
        return Collections.unmodifiableMap(restored);
    }

    @SuppressWarnings("unchecked") // Jackson's untyped maps
    private static @Nullable Object value(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            return object((Map<String, @Nullable Object>) map);
        }
        if (value instanceof List<?> list) {
            var restored = new ArrayList<@Nullable Object>(list.size());
            list.forEach(item -> restored.add(value(item)));
            return Collections.unmodifiableList(restored);
        }
        if (value instanceof BigInteger big) {
            return big.abs().compareTo(MAX_SAFE_INTEGER) <= 0 ? (Object) big.longValueExact() : big.doubleValue();
        }
        return value;
    }
}
