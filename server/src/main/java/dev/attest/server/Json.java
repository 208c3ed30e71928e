package dev.attest.server;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the server, for the API, the compatible endpoints and the console; request bodies of events
 * are read through it by {@link JsonBodies}.
 */
public final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder()
            // Whole numbers read as Long, as the event model keeps them.
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            // {"a":1,"a":2} is ambiguous; an audit record must not depend on which one a parser keeps.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    static Problem invalidJson(String detail) {
        return new Problem(400, "invalid-json", "The body is not valid JSON", detail);
    }

    /** {@code value} as compact JSON in UTF-8. */
    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** {@code value} as compact JSON text. */
    public static String text(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** {@code value} as indented JSON text, for people to read. */
    public static String pretty(Object value) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }
}
