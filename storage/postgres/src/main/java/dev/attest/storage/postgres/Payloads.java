package dev.attest.storage.postgres;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Payloads as {@code jsonb}. jsonb keeps numbers as {@code numeric} and prints them in plain notation, so a double sent
 * as {@code 1e300} comes back as a 301-digit integer. The parser admits integers only within ±2^53, so any integer
 * beyond that read back was a double: it becomes a {@code Double} again, and the event's canonical bytes — its leaf
 * hash — are the same as when it was appended.
 */
final class Payloads {
    private static final BigInteger MAX_SAFE_INTEGER = BigInteger.valueOf((1L << 53) - 1);
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    private static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};

    private Payloads() {}

    static String write(Map<String, @Nullable Object> payload) {
        return MAPPER.writeValueAsString(payload);
    }

    static Map<String, @Nullable Object> read(String json) {
        return object(MAPPER.readValue(json, MAP));
    }

    private static Map<String, @Nullable Object> object(Map<String, @Nullable Object> map) {
        var restored = new LinkedHashMap<String, @Nullable Object>(map.size());
        map.forEach((key, value) -> restored.put(key, value(value)));
        return restored;
    }

    @SuppressWarnings("unchecked") // Jackson's untyped maps
    private static @Nullable Object value(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            return object((Map<String, @Nullable Object>) map);
        }
        if (value instanceof List<?> list) {
            var restored = new ArrayList<@Nullable Object>(list.size());
            list.forEach(item -> restored.add(value(item)));
            return restored;
        }
        if (value instanceof BigInteger big) {
            // Whole numbers come back as Long, as the parser made them; beyond ±2^53 they were doubles.
            return big.abs().compareTo(MAX_SAFE_INTEGER) <= 0 ? (Object) big.longValueExact() : big.doubleValue();
        }
        return value;
    }
}
