package dev.attest.core.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The wire form of a stored event (DESIGN.md §3) as plain Java JSON values, members in the documented order. Absent
 * optional members are left out, never written as {@code null}, so that one event has exactly one document — the
 * basis of its canonical bytes.
 */
public final class EventDocument {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern(
                    "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern(
                    "uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final long YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
    private static final long YEAR_10000 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;

    private EventDocument() {}

    /**
     * The document of {@code event}.
     *
     * @param withLeafHash whether to add {@code leaf_hash} (it is not part of the bytes it is the hash of)
     */
    public static Map<String, Object> of(Event event, boolean withLeafHash) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("id", event.id().value());
        doc.put("organization_id", event.organizationId().value());
        doc.put("seq", event.seq());
        doc.put("action", event.action());
        doc.put("occurred_at", timestamp(event.occurredAt()));
        doc.put("received_at", timestamp(event.receivedAt()));
        var actor = new LinkedHashMap<String, Object>();
        actor.put("type", event.actor().type().wire());
        putIfPresent(actor, "id", event.actor().id());
        putIfPresent(actor, "name", event.actor().name());
        putIfPresent(actor, "email", event.actor().email());
        putIfPresent(actor, "role", event.actor().role());
        doc.put("actor", actor);
        Target target = event.target();
        if (target != null) {
            var t = new LinkedHashMap<String, Object>();
            t.put("type", target.type());
            putIfPresent(t, "id", target.id());
            putIfPresent(t, "name", target.name());
            doc.put("target", t);
        }
        doc.put("outcome", event.outcome().wire());
        doc.put("workspace", event.workspace());
        if (!event.context().isEmpty()) {
            var context = new LinkedHashMap<String, Object>();
            putIfPresent(context, "ip", event.context().ip());
            putIfPresent(context, "user_agent", event.context().userAgent());
            putIfPresent(context, "request_id", event.context().requestId());
            doc.put("context", context);
        }
        doc.put("payload", event.payload());
        if (withLeafHash && event.leafHash() != null) {
            doc.put("leaf_hash", event.leafHash());
        }
        return Collections.unmodifiableMap(doc);
    }

    /**
     * RFC 3339 in UTC with milliseconds, or microseconds where the instant has them: one text per instant. Digits
     * below the microsecond are dropped, as storage drops them, so an event hashes the same before and after it is
     * stored.
     */
    public static String timestamp(Instant instant) {
        Instant stored = EventParser.truncateToMicros(instant);
        long seconds = stored.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return (stored.getNano() % 1_000_000 == 0 ? MILLIS : MICROS).format(stored);
        }
        // Written by hand: every event read or exported goes through here, and the formatter was a tenth of a CSV row.
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, stored.getNano(), ZoneOffset.UTC);
        boolean millis = stored.getNano() % 1_000_000 == 0;
        char[] text = new char[millis ? 24 : 27];
        digits(text, 0, 4, time.getYear());
        text[4] = '-';
        digits(text, 5, 2, time.getMonthValue());
        text[7] = '-';
        digits(text, 8, 2, time.getDayOfMonth());
        text[10] = 'T';
        digits(text, 11, 2, time.getHour());
        text[13] = ':';
        digits(text, 14, 2, time.getMinute());
        text[16] = ':';
        digits(text, 17, 2, time.getSecond());
        text[19] = '.';
        if (millis) {
            digits(text, 20, 3, stored.getNano() / 1_000_000);
        } else {
            digits(text, 20, 6, stored.getNano() / 1_000);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /**
     * The instant of an RFC 3339 timestamp as {@link #timestamp} writes them (the stored form), read without the
     * general parser; any other text goes to {@link Instant#parse}, which reads it or says why not.
     *
     * @throws java.time.format.DateTimeParseException if the text is not a timestamp
     */
    public static Instant instant(String text) {
        int length = text.length();
        if ((length == 24 || length == 27)
                && text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == 'T'
                && text.charAt(13) == ':'
                && text.charAt(16) == ':'
                && text.charAt(19) == '.'
                && text.charAt(length - 1) == 'Z') {
            int year = number(text, 0, 4);
            int month = number(text, 5, 2);
            int day = number(text, 8, 2);
            int hour = number(text, 11, 2);
            int minute = number(text, 14, 2);
            int second = number(text, 17, 2);
            int fraction = number(text, 20, length - 21);
            if (year >= 0
                    && month >= 1
                    && month <= 12
                    && day >= 1
                    && day <= YearMonth.of(year, month).lengthOfMonth()
                    && hour >= 0
                    && hour < 24
                    && minute >= 0
                    && minute < 60
                    && second >= 0
                    && second < 60
                    && fraction >= 0) {
                long epochDay = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(
                        epochDay * 86_400 + hour * 3_600L + minute * 60L + second,
                        length == 24 ? fraction * 1_000_000L : fraction * 1_000L);
            }
        }
        return Instant.parse(text);
    }

    /** Writes {@code value} as {@code count} decimal digits at {@code offset}, zero-padded. */
    private static void digits(char[] text, int offset, int count, int value) {
        int rest = value;
        for (int i = offset + count - 1; i >= offset; i--) {
            text[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
    }

    /** The decimal number of {@code count} digits at {@code offset}, or -1 if any of them is not a digit. */
    private static int number(String text, int offset, int count) {
        int value = 0;
        for (int i = offset; i < offset + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * The event whose document {@link #of(Event, boolean) of} made {@code document} (without {@code leaf_hash}): the
     * inverse, for events read back from the bytes that were hashed.
     *
     * @param leafHash the leaf hash stored beside the document, as lowercase hex
     * @throws IllegalArgumentException if {@code document} is not such a document (the stored bytes were damaged)
     */
    public static Event read(Map<String, @Nullable Object> document, @Nullable String leafHash) {
        try {
            Map<String, @Nullable Object> actor = object(document, "actor");
            Map<String, @Nullable Object> target = optionalObject(document, "target");
            Map<String, @Nullable Object> context = optionalObject(document, "context");
            var requestContext = context == null
                    ? RequestContext.NONE
                    : new RequestContext(
                            optionalText(context, "ip"),
                            optionalText(context, "user_agent"),
                            optionalText(context, "request_id"));
            return new Event(
                    new OrganizationId(text(document, "organization_id")),
                    ((Number) required(document, "seq")).longValue(),
                    new EventId(text(document, "id")),
                    text(document, "action"),
                    instant(text(document, "occurred_at")),
                    instant(text(document, "received_at")),
                    new Actor(
                            ActorType.fromWire(text(actor, "type")).orElseThrow(),
                            optionalText(actor, "id"),
                            optionalText(actor, "name"),
                            optionalText(actor, "email"),
                            optionalText(actor, "role")),
                    target == null
                            ? null
                            : new Target(
                                    text(target, "type"), optionalText(target, "id"), optionalText(target, "name")),
                    Outcome.fromWire(text(document, "outcome")).orElseThrow(),
                    text(document, "workspace"),
                    requestContext.isEmpty() ? RequestContext.NONE : requestContext,
                    object(document, "payload"),
                    leafHash);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a stored event document: " + e.getMessage(), e);
        }
    }

    private static Object required(Map<String, @Nullable Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is missing");
        }
        return value;
    }

    private static String text(Map<String, @Nullable Object> map, String key) {
        return (String) required(map, key);
    }

    private static @Nullable String optionalText(Map<String, @Nullable Object> map, String key) {
        return (String) map.get(key);
    }

    @SuppressWarnings("unchecked") // JSON objects are string-keyed maps
    private static Map<String, @Nullable Object> object(Map<String, @Nullable Object> map, String key) {
        return (Map<String, @Nullable Object>) required(map, key);
    }

    @SuppressWarnings("unchecked") // JSON objects are string-keyed maps
    private static @Nullable Map<String, @Nullable Object> optionalObject(
            Map<String, @Nullable Object> map, String key) {
        return (Map<String, @Nullable Object>) map.get(key);
    }

    private static void putIfPresent(Map<String, Object> map, String key, @Nullable String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
