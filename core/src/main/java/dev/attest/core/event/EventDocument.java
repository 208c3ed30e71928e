package dev.attest.core.event;

import java.time.Instant;
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
        return (stored.getNano() % 1_000_000 == 0 ? MILLIS : MICROS).format(stored);
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
                    Instant.parse(text(document, "occurred_at")),
                    Instant.parse(text(document, "received_at")),
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
