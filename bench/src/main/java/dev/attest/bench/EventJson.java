package dev.attest.bench;

import dev.attest.core.event.Actor;
import dev.attest.core.event.EventDocument;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** Events as a producer sends them: the request document of the ingest API, as plain Java values or JSON bytes. */
final class EventJson {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private EventJson() {}

    /** The request document of {@code event}, members without a value left out. */
    static Map<String, Object> document(NewEvent event) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("id", event.id().value());
        doc.put("action", event.action());
        doc.put("occurred_at", EventDocument.timestamp(event.occurredAt()));
        Actor actor = event.actor();
        var actorDoc = new LinkedHashMap<String, Object>();
        actorDoc.put("type", actor.type().wire());
        putIfSet(actorDoc, "id", actor.id());
        putIfSet(actorDoc, "name", actor.name());
        putIfSet(actorDoc, "email", actor.email());
        putIfSet(actorDoc, "role", actor.role());
        doc.put("actor", actorDoc);
        Target target = event.target();
        if (target != null) {
            var targetDoc = new LinkedHashMap<String, Object>();
            targetDoc.put("type", target.type());
            putIfSet(targetDoc, "id", target.id());
            putIfSet(targetDoc, "name", target.name());
            doc.put("target", targetDoc);
        }
        doc.put("outcome", event.outcome().wire());
        doc.put("workspace", event.workspace());
        RequestContext context = event.context();
        if (!context.isEmpty()) {
            var contextDoc = new LinkedHashMap<String, Object>();
            putIfSet(contextDoc, "ip", context.ip());
            putIfSet(contextDoc, "user_agent", context.userAgent());
            putIfSet(contextDoc, "request_id", context.requestId());
            doc.put("context", contextDoc);
        }
        doc.put("payload", event.payload());
        return doc;
    }

    /** One event as a JSON object, or several as a JSON array (a batch). */
    static byte[] body(List<NewEvent> events, boolean batch) {
        Object value = batch ? events.stream().map(EventJson::document).toList() : document(events.getFirst());
        return MAPPER.writeValueAsBytes(value);
    }

    /** The same text as {@link #body} produces; for locating placeholders. */
    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static void putIfSet(Map<String, Object> map, String key, @Nullable Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
