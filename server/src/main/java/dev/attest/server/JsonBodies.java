package dev.attest.server;

import dev.attest.core.event.EventParser.RawEvent;
import dev.attest.core.event.InvalidEventException;
import dev.attest.core.event.Limits;
import dev.attest.core.event.Violation;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * How JSON request bodies are taken, for every endpoint that ingests events: the media type is checked first, the
 * size is bounded before and while reading (413 as soon as the bound is known to be passed, never after buffering
 * the whole body), and events are read one by one from the stream, so that the 1,001st element of a batch, the first
 * element that is not an object, or the first event larger than {@link Limits#MAX_EVENT_BYTES} ends the request at
 * once. Every refusal is a {@link Problem} or an {@link InvalidEventException} with a pointer.
 */
public final class JsonBodies {
    /** Bytes allowed around each event of a batch: the comma, and whitespace such as a newline and indentation. */
    private static final int SEPARATOR_BYTES = 16;

    /** The largest body of events: {@link Limits#MAX_BATCH} events of {@link Limits#MAX_EVENT_BYTES}, separated. */
    public static final long MAX_BATCH_BODY_BYTES =
            (long) Limits.MAX_BATCH * (Limits.MAX_EVENT_BYTES + SEPARATOR_BYTES);

    /** The largest body that carries one event: the event, and the envelope a compatible API wraps it in. */
    public static final long MAX_EVENT_BODY_BYTES = 2L * Limits.MAX_EVENT_BYTES;

    // RFC 9110 §5.6.2 token, and §8.3.1 media-type parameters (token or quoted-string values).
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    /**
     * Reads request bodies: duplicate names refused ({@code {"a":1,"a":2}} is ambiguous, and an audit record must not
     * depend on which one a parser keeps), and no single string, name or nesting larger than an event can hold, so
     * that a hostile token is refused while it is read rather than after.
     */
    private static final JsonFactory REQUESTS = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Limits.MAX_EVENT_BYTES)
                    .maxNameLength(Limits.MAX_EVENT_BYTES)
                    .maxNestingDepth(64)
                    .build())
            .build();

    private JsonBodies() {}

    /**
     * Checks that the request declares JSON (or nothing) in UTF-8: {@code application/json}, matched without regard
     * to case, with any parameters, where a {@code charset} parameter must name UTF-8 (RFC 8259 §8.1).
     *
     * @throws Problem 400 if the {@code Content-Type} header is not a media type; 415 if it is another type or another
     *     charset
     */
    public static void requireJson(ServerRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.CONTENT_TYPE);
        if (header.isEmpty()) {
            return;
        }
        String value = header.get();
        String[] parts = value.split(";", -1);
        String[] type = parts[0].strip().split("/", -1);
        if (type.length != 2
                || !TOKEN.matcher(type[0]).matches()
                || !TOKEN.matcher(type[1]).matches()) {
            throw malformedContentType(value);
        }
        String charset = null;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name =
                    equals < 0 ? parameter : parameter.substring(0, equals).strip();
            String text = equals < 0 ? "" : parameter.substring(equals + 1).strip();
            if (!TOKEN.matcher(name).matches()
                    || !(TOKEN.matcher(text).matches() || QUOTED.matcher(text).matches())) {
                throw malformedContentType(value);
            }
            if (name.equalsIgnoreCase("charset")) {
                charset = text.startsWith("\"") ? text.substring(1, text.length() - 1) : text;
            }
        }
        String mediaType = (type[0] + "/" + type[1]).toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new Problem(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "send the body as application/json, not " + mediaType);
        }
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            throw new Problem(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "JSON is exchanged in UTF-8 (RFC 8259 §8.1); charset=" + charset + " is not accepted");
        }
    }

    private static Problem malformedContentType(String value) {
        return new Problem(
                400,
                "invalid-header",
                "A header is malformed",
                "Content-Type must be a media type such as application/json, not " + quote(value));
    }

    /**
     * Opens the body of a JSON request for streaming, after {@link #requireJson}: a declared {@code Content-Length}
     * above {@code maxBytes} is refused before anything is read, and a body that turns out longer is cut off there.
     *
     * @throws Problem 413 for a declared length above {@code maxBytes}; 400 or 415 as {@link #requireJson}
     */
    public static JsonParser open(ServerRequest request, long maxBytes) {
        requireJson(request);
        Optional<String> length = request.headers().first(HeaderNames.CONTENT_LENGTH);
        if (length.isPresent()) {
            long declared;
            try {
                declared = Long.parseLong(length.get().strip());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > maxBytes) {
                throw tooLarge(maxBytes);
            }
        }
        InputStream in = request.content().hasEntity()
                ? new Bounded(request.content().inputStream(), maxBytes)
                : InputStream.nullInputStream();
        return REQUESTS.createParser(ObjectReadContext.empty(), in);
    }

    /**
     * The size of an event document as compact JSON text: what {@link Limits#MAX_EVENT_BYTES} holds an event to when
     * it was not read from a request (a compatible API's mapped document, an event of the console).
     */
    public static int size(Object document) {
        return Json.write(document).length;
    }

    /** 413: the body is larger than {@code maxBytes}. */
    static Problem tooLarge(long maxBytes) {
        String why = maxBytes >= MAX_BATCH_BODY_BYTES
                ? " (" + Limits.MAX_BATCH + " events of at most " + Limits.MAX_EVENT_BYTES + " bytes each)"
                : " (one event of at most " + Limits.MAX_EVENT_BYTES + " bytes)";
        return new Problem(
                413,
                "body-too-large",
                "The body is too large",
                "the body is larger than the " + maxBytes + " bytes accepted here" + why);
    }

    /** The events of a body: one object, or an array of them. */
    public record Events(List<RawEvent> events, boolean batch) {}

    /**
     * Reads a body of events: one event object, or an array of at most {@link Limits#MAX_BATCH} of them.
     *
     * @throws Problem if the body is empty, not JSON, too large, or neither an object nor an array
     * @throws InvalidEventException at the first element that is not an object or is too large, or at the element
     *     past the batch limit
     */
    public static Events readEvents(JsonParser parser) {
        return reading(() -> {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw emptyBody();
            }
            Events events;
            if (first == JsonToken.START_OBJECT) {
                long start = parser.currentTokenLocation().getByteOffset();
                events = new Events(List.of(new RawEvent(object(parser, start, "", ""), size(parser, start))), false);
            } else if (first == JsonToken.START_ARRAY) {
                events = new Events(eventArray(parser, ""), true);
            } else {
                throw Json.invalidJson("the body must be an event object or an array of events");
            }
            requireEnd(parser);
            return events;
        });
    }

    /**
     * Reads the elements of an array of events whose {@code [} the parser has just read.
     *
     * @param pointer the array's JSON pointer in the body ({@code ""} for a body that is the array)
     */
    public static List<RawEvent> eventArray(JsonParser parser, String pointer) {
        return reading(() -> {
            var events = new ArrayList<RawEvent>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                String at = pointer + "/" + events.size();
                String label =
                        (pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.')) + "[" + events.size() + "].";
                if (events.size() == Limits.MAX_BATCH) {
                    throw new InvalidEventException(List.of(new Violation(
                            pointer, "a batch holds at most " + Limits.MAX_BATCH + " events; this one holds more")));
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new InvalidEventException(List.of(new Violation(at, label + "event must be a JSON object")));
                }
                long start = parser.currentTokenLocation().getByteOffset();
                events.add(new RawEvent(object(parser, start, at, label), size(parser, start)));
            }
            return events;
        });
    }

    /**
     * Reads a whole body as plain Java JSON values (maps, lists, strings, booleans, {@code null}, {@code Long} or
     * {@code BigInteger} for whole numbers, {@code Double} otherwise).
     *
     * @throws Problem if the body is empty, not one JSON value, or too large
     */
    public static @Nullable Object readValue(JsonParser parser) {
        return reading(() -> {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw emptyBody();
            }
            Object value = value(parser, first, Long.MAX_VALUE, "", "");
            requireEnd(parser);
            return value;
        });
    }

    /**
     * A body that is an object with an array of events in {@code member}, such as Retraced's
     * {@code {"events": [...]}}.
     *
     * @param others the object's other members
     * @param events the events of {@code member}; {@code null} when the body is not an object or the member is not an
     *     array
     */
    public record Envelope(
            Map<String, @Nullable Object> others, @Nullable List<RawEvent> events) {}

    /**
     * Reads an {@link Envelope}, streaming the events of {@code member} as {@link #eventArray} does.
     *
     * @throws Problem if the body is empty, not JSON, or too large
     * @throws InvalidEventException as {@link #eventArray}
     */
    public static Envelope readEnvelope(JsonParser parser, String member) {
        return reading(() -> {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw emptyBody();
            }
            if (first != JsonToken.START_OBJECT) {
                value(parser, first, Long.MAX_VALUE, "", "");
                requireEnd(parser);
                return new Envelope(Map.of(), null);
            }
            var others = new LinkedHashMap<String, @Nullable Object>();
            List<RawEvent> events = null;
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                if (name.equals(member) && token == JsonToken.START_ARRAY) {
                    events = eventArray(parser, "/" + member);
                } else {
                    others.put(name, value(parser, token, Long.MAX_VALUE, "", ""));
                }
            }
            requireEnd(parser);
            return new Envelope(others, events);
        });
    }

    private static Problem emptyBody() {
        return Json.invalidJson("the body is empty; send a JSON document");
    }

    private static void requireEnd(JsonParser parser) {
        if (parser.nextToken() != null) {
            throw Json.invalidJson("the body holds more than one JSON value");
        }
    }

    private static int size(JsonParser parser, long start) {
        long end = parser.currentTokenLocation().getByteOffset() + 1;
        return (int) Math.min(Integer.MAX_VALUE, end - start);
    }

    /** An event object, the parser on its opening brace: refused as soon as it grows past the event size limit. */
    private static Map<String, @Nullable Object> object(JsonParser parser, long start, String at, String label) {
        long endBefore = start + Limits.MAX_EVENT_BYTES;
        try {
            return members(parser, endBefore, at, label);
        } catch (StreamConstraintsException e) {
            // A string or name longer than an event can hold is refused while read: the event is too large.
            if (parser.currentLocation().getByteOffset() >= endBefore) {
                throw eventTooLarge(at, label);
            }
            throw e;
        }
    }

    /** The members of an object whose opening brace the parser has just read. */
    private static Map<String, @Nullable Object> members(JsonParser parser, long endBefore, String at, String label) {
        var map = new LinkedHashMap<String, @Nullable Object>();
        String name;
        while ((name = parser.nextName()) != null) {
            map.put(name, value(parser, parser.nextToken(), endBefore, at, label));
            within(parser, endBefore, at, label);
        }
        return map;
    }

    /**
     * One JSON value, built as the event model wants it; {@code endBefore} is the byte offset it must end before
     * ({@code Long.MAX_VALUE}: no bound but the body's).
     */
    private static @Nullable Object value(
            JsonParser parser, @Nullable JsonToken token, long endBefore, String at, String label) {
        if (token == null) {
            throw Json.invalidJson("the body ends in the middle of a JSON value");
        }
        return switch (token) {
            case START_OBJECT -> members(parser, endBefore, at, label);
            case START_ARRAY -> {
                var list = new ArrayList<@Nullable Object>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(parser, next, endBefore, at, label));
                    within(parser, endBefore, at, label);
                }
                yield list;
            }
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT ->
                parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default ->
                throw Json.invalidJson("unexpected " + token + " at byte "
                        + parser.currentTokenLocation().getByteOffset());
        };
    }

    private static void within(JsonParser parser, long endBefore, String at, String label) {
        if (parser.currentTokenLocation().getByteOffset() >= endBefore) {
            throw eventTooLarge(at, label);
        }
    }

    private static InvalidEventException eventTooLarge(String at, String label) {
        return new InvalidEventException(List.of(new Violation(
                at,
                label + "event is larger than " + Limits.MAX_EVENT_BYTES + " bytes; at most " + Limits.MAX_EVENT_BYTES
                        + " are allowed")));
    }

    private interface Read<T extends @Nullable Object> {
        T run();
    }

    /** Runs a read, turning what the JSON parser and the bounded stream throw into problems. */
    private static <T extends @Nullable Object> T reading(Read<T> read) {
        try {
            return read.run();
        } catch (JacksonException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Bounded.Exceeded exceeded) {
                    throw tooLarge(exceeded.limit);
                }
            }
            throw Json.invalidJson(e.getOriginalMessage());
        }
    }

    private static String quote(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return '"' + shown + '"';
    }

    /** A body cut off at a limit: reading past it throws {@link Exceeded}. */
    private static final class Bounded extends FilterInputStream {
        /** Read past the limit; carried out of the JSON parser as its cause. */
        static final class Exceeded extends IOException {
            private static final long serialVersionUID = 1L;
            final long limit;

            Exceeded(long limit) {
                super("the body is larger than " + limit + " bytes");
                this.limit = limit;
            }
        }

        private final long limit;
        private long read;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws Exceeded {
            read += n;
            if (read > limit) {
                throw new Exceeded(limit);
            }
        }
    }
}
