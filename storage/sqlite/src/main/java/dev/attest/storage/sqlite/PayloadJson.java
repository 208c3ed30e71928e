package dev.attest.storage.sqlite;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Payloads as JSON text, with whole numbers read back as {@code Long} just as the parser made them. */
final class PayloadJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();
    private static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};

    private PayloadJson() {}

    static String write(Map<String, @Nullable Object> payload) {
        return MAPPER.writeValueAsString(payload);
    }

    static Map<String, @Nullable Object> read(String json) {
        return MAPPER.readValue(json, MAP);
    }
}
