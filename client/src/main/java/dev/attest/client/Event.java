package dev.attest.client;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One audit event, ready to send. Immutable and thread-safe.
 *
 * <p>Its {@link #id()} is fixed when the event is built (a random {@code evt_…} unless one is given), so sending the
 * same {@code Event} again, after a timeout or a crash of the server, can never store it twice: the server answers a
 * retry with the original {@code seq}.
 *
 * <p>Built-in catalog actions are best made with the typed factories of {@link CatalogEvents}, which take every
 * field the catalog requires; {@link #builder(String)} builds any action.
 */
public final class Event {
    /** The form of an event id (the server's rule). */
    public static final Pattern ID_FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    /** The form of every action: dot-separated camelCase segments, at least two, e.g. {@code invoice.paid}. */
    public static final Pattern ACTION_FORM = Pattern.compile("[a-z][a-zA-Z0-9]*(\\.[a-z][a-zA-Z0-9]*)+");

    private final String id;
    private final String action;
    private final Instant occurredAt;
    private final Actor actor;
    private final @Nullable Target target;
    private final @Nullable Outcome outcome;
    private final @Nullable String workspace;
    private final @Nullable Context context;
    private final Map<String, @Nullable Object> payload;

    private Event(Builder b, Instant occurredAt, String id) {
        this.id = id;
        this.action = b.action;
        this.occurredAt = occurredAt;
        this.actor = Objects.requireNonNull(b.actor, "actor is required");
        this.target = b.target;
        this.outcome = b.outcome;
        this.workspace = b.workspace;
        this.context = b.context;
        this.payload = Collections.unmodifiableMap(new LinkedHashMap<>(b.payload));
    }

    /** A builder for an event of {@code action}, built-in or custom. */
    public static Builder builder(String action) {
        return new Builder(action);
    }

    /** The idempotency id: unique within the organization; fixed when the event was built. */
    public String id() {
        return id;
    }

    public String action() {
        return action;
    }

    /** When the action happened, at microsecond precision. */
    public Instant occurredAt() {
        return occurredAt;
    }

    public Actor actor() {
        return actor;
    }

    public @Nullable Target target() {
        return target;
    }

    /** {@code null} lets the server decide: {@code success}, or the outcome the catalog fixes for the action. */
    public @Nullable Outcome outcome() {
        return outcome;
    }

    public @Nullable String workspace() {
        return workspace;
    }

    public @Nullable Context context() {
        return context;
    }

    /** The action-specific fields: plain JSON values (strings, numbers, booleans, null, maps, lists). */
    public Map<String, @Nullable Object> payload() {
        return payload;
    }

    /** The event as a JSON object of the Attest API. */
    Map<String, Object> toJson() {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", id);
        json.put("action", action);
        json.put("occurred_at", occurredAt.toString());
        var a = new LinkedHashMap<String, Object>();
        a.put("type", actor.type().wire());
        putIfSet(a, "id", actor.id());
        putIfSet(a, "name", actor.name());
        putIfSet(a, "email", actor.email());
        putIfSet(a, "role", actor.role());
        json.put("actor", a);
        if (target != null) {
            var t = new LinkedHashMap<String, Object>();
            t.put("type", target.type());
            putIfSet(t, "id", target.id());
            putIfSet(t, "name", target.name());
            json.put("target", t);
        }
        if (outcome != null) {
            json.put("outcome", outcome.wire());
        }
        putIfSet(json, "workspace", workspace);
        if (context != null) {
            var c = new LinkedHashMap<String, Object>();
            putIfSet(c, "ip", context.ip());
            putIfSet(c, "user_agent", context.userAgent());
            putIfSet(c, "request_id", context.requestId());
            json.put("context", c);
        }
        json.put("payload", payload);
        return json;
    }

    private static void putIfSet(Map<String, Object> map, String key, @Nullable String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "Event[" + id + " " + action + "]";
    }

    /** Builds an {@link Event}; not thread-safe, use one builder per event. */
    public static final class Builder {
        private final String action;
        private @Nullable String id;
        private @Nullable Instant occurredAt;
        private @Nullable Actor actor;
        private @Nullable Target target;
        private @Nullable Outcome outcome;
        private @Nullable String workspace;
        private @Nullable Context context;
        private final Map<String, @Nullable Object> payload = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder(String action) {
            if (!ACTION_FORM.matcher(action).matches()) {
                throw new IllegalArgumentException(
                        "action " + action + " must match " + ACTION_FORM.pattern() + " (e.g. invoice.paid)");
            }
            this.action = action;
        }

        /** Your own idempotency id (e.g. derived from your database row); a random {@code evt_…} otherwise. */
        public Builder id(String value) {
            if (!ID_FORM.matcher(value).matches()) {
                throw new IllegalArgumentException("event id " + value + " must match " + ID_FORM.pattern());
            }
            id = value;
            return this;
        }

        /** When the action happened; the time of {@link #build()} otherwise. Truncated to microseconds. */
        public Builder occurredAt(Instant value) {
            occurredAt = value;
            return this;
        }

        /** The clock that stamps {@code occurred_at} when none is given (tests). */
        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder actor(Actor value) {
            actor = value;
            return this;
        }

        public Builder target(Target value) {
            target = value;
            return this;
        }

        public Builder outcome(Outcome value) {
            outcome = value;
            return this;
        }

        /** A named part of the organization's activity, e.g. {@code production}; {@code default} otherwise. */
        public Builder workspace(String value) {
            workspace = value;
            return this;
        }

        public Builder context(Context value) {
            context = value;
            return this;
        }

        /**
         * Adds one payload field.
         *
         * @param value a string, number, boolean, {@code null}, or a map / list of those
         * @throws IllegalArgumentException if the value is not JSON
         */
        public Builder payload(String field, @Nullable Object value) {
            JsonWriter.check(value);
            payload.put(field, value);
            return this;
        }

        /** Adds every field of {@code fields} to the payload. */
        public Builder payload(Map<String, ? extends @Nullable Object> fields) {
            fields.forEach(this::payload);
            return this;
        }

        /**
         * The event, with its id fixed from now on.
         *
         * @throws NullPointerException if no actor was given
         */
        public Event build() {
            Instant at = occurredAt != null ? occurredAt : clock.instant();
            at = at.minusNanos(at.getNano() % 1_000);
            String eventId =
                    id != null ? id : "evt_" + UUID.randomUUID().toString().replace("-", "");
            return new Event(this, at, eventId);
        }
    }
}
