package dev.attest.core.admin;

import dev.attest.core.event.Actor;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Appended;
import dev.attest.core.store.Transaction;
import dev.attest.integrity.CanonicalJson;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Appends the event of an administrative action to the organization's log inside the transaction that makes the
 * change, so that the change and its event commit together or not at all (DESIGN.md §7). The event passes the same
 * validation as a producer's ({@link EventParser}: catalog rules, limits, canonical bytes), so Attest's own events are
 * held to the rules it enforces on others. Thread-safe.
 */
public final class Recorder {
    private final EventParser parser;
    private final Clock clock;

    public Recorder(EventParser parser, Clock clock) {
        this.parser = parser;
        this.clock = clock;
    }

    /** The instant an event recorded now is stamped with (microseconds, as stored). */
    public Instant now() {
        return EventParser.truncateToMicros(clock.instant());
    }

    /**
     * Appends one event of {@code principal} in {@code principal.organization()}'s log, inside {@code tx}.
     *
     * @param payload plain values: strings, booleans, {@code Long}s, lists and maps of them
     * @return where the event stands in the log once {@code tx} commits
     * @throws dev.attest.core.event.InvalidEventException if the event breaks a catalog rule (a bug of the caller);
     *     the transaction is then rolled back with the change
     */
    public Appended record(
            Transaction tx,
            Principal principal,
            String action,
            Target target,
            Outcome outcome,
            Map<String, ? extends @Nullable Object> payload) {
        Map<String, Object> document = document(principal, action, target, outcome, payload);
        var raw = new EventParser.RawEvent(document, CanonicalJson.canonicalize(document).length);
        List<NewEvent> events = parser.parse(principal.organization(), List.of(raw), false);
        var request = new AppendRequest(principal.organization(), now(), events);
        return tx.events().append(List.of(request)).getFirst().getFirst();
    }

    private static Map<String, Object> document(
            Principal principal,
            String action,
            Target target,
            Outcome outcome,
            Map<String, ? extends @Nullable Object> payload) {
        var document = new LinkedHashMap<String, Object>();
        document.put("action", action);
        document.put("actor", actor(principal.actor()));
        var targetMap = new LinkedHashMap<String, Object>();
        targetMap.put("type", target.type());
        putIfPresent(targetMap, "id", target.id());
        putIfPresent(targetMap, "name", target.name());
        document.put("target", targetMap);
        document.put("outcome", outcome.wire());
        RequestContext context = principal.context();
        var contextMap = new LinkedHashMap<String, Object>();
        putIfPresent(contextMap, "ip", context.ip());
        putIfPresent(contextMap, "user_agent", context.userAgent());
        putIfPresent(contextMap, "request_id", context.requestId());
        if (!contextMap.isEmpty()) {
            document.put("context", contextMap);
        }
        var payloadMap = new LinkedHashMap<String, @Nullable Object>(payload);
        Principal.Impersonator impersonator = principal.impersonator();
        if (impersonator != null) {
            // Set here, whatever the caller passed: an impersonated action always names who really did it.
            payloadMap.put("impersonator", impersonator.payload());
        }
        document.put("payload", payloadMap);
        return document;
    }

    private static Map<String, Object> actor(Actor actor) {
        var map = new LinkedHashMap<String, Object>();
        map.put("type", actor.type().wire());
        putIfPresent(map, "id", actor.id());
        putIfPresent(map, "name", actor.name());
        putIfPresent(map, "email", actor.email());
        putIfPresent(map, "role", actor.role());
        return map;
    }

    private static void putIfPresent(Map<String, Object> map, String field, @Nullable String value) {
        if (value != null) {
            map.put(field, value);
        }
    }
}
