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

    private static void putIfPresent(Map<String, Object> map, String key, @Nullable String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
