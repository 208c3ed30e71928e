package dev.attest.server;

import dev.attest.core.event.EventParser.RawEvent;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the server, and how request bodies of events are read. */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder()
            // Whole numbers read as Long, as the event model keeps them.
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            // Events of a batch are read one by one from the open array; trailing data is checked by hand.
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"a":1,"a":2} is ambiguous; an audit record must not depend on which one a parser keeps.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    /** The events of a body: one object, or an array of them. */
    record Body(List<RawEvent> events, boolean batch) {}

    /**
     * Reads a body of events, keeping each event's size in the request.
     *
     * @throws Problem if the body is not JSON, or neither an object nor an array
     */
    static Body readEvents(byte[] body) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                Object document = MAPPER.readValue(parser, Object.class);
                if (parser.nextToken() != null) {
                    throw invalidJson("the body holds more than one JSON value");
                }
                return new Body(List.of(new RawEvent(document, body.length)), false);
            }
            if (first != JsonToken.START_ARRAY) {
                throw invalidJson("the body must be an event object or an array of events");
            }
            var events = new ArrayList<RawEvent>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                long start = parser.currentTokenLocation().getByteOffset();
                Object document = MAPPER.readValue(parser, Object.class);
                long end = parser.currentTokenLocation().getByteOffset() + 1;
                events.add(new RawEvent(document, (int) Math.min(Integer.MAX_VALUE, end - start)));
            }
            if (parser.nextToken() != null) {
                throw invalidJson("the body holds more than one JSON value");
            }
            return new Body(events, true);
        } catch (tools.jackson.core.JacksonException e) {
            throw invalidJson(e.getOriginalMessage());
        }
    }

    static Problem invalidJson(String detail) {
        return new Problem(400, "invalid-json", "The body is not valid JSON", detail);
    }

    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }
}
