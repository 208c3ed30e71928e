package dev.attest.core.event;

import dev.attest.core.catalog.Catalog;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the envelope of one event document — the fields every event has, their types, lengths and forms — into a
 * {@link NewEvent}, and asks the {@link Catalog} for the rules of its action. Unknown fields of the envelope
 * ({@code actor}, {@code target}, {@code context} and the event itself) are reported rather than dropped, so that a
 * misspelt field never silently loses data; {@code payload} is free-form and copied by {@link JsonValues}.
 */
final class EnvelopeReader {
    private static final Pattern WORKSPACE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final Set<String> FIELDS = Set.of(
            "id",
            "organization_id",
            "action",
            "occurred_at",
            "actor",
            "target",
            "outcome",
            "workspace",
            "context",
            "payload");
    private static final Set<String> SERVER_FIELDS = Set.of("seq", "received_at", "leaf_hash");
    private static final Set<String> ACTOR_FIELDS = Set.of("type", "id", "name", "email", "role");
    private static final Set<String> TARGET_FIELDS = Set.of("type", "id", "name");
    private static final Set<String> CONTEXT_FIELDS = Set.of("ip", "user_agent", "request_id");

    private final Clock clock;
    private final IdGenerator ids;
    private final Catalog catalog;
    private final Problems problems;
    private final JsonValues values;

    EnvelopeReader(Clock clock, IdGenerator ids, Catalog catalog, Problems problems) {
        this.clock = clock;
        this.ids = ids;
        this.catalog = catalog;
        this.problems = problems;
        this.values = new JsonValues(problems);
    }

    /** The event, or {@code null} when it broke a rule (every broken rule is reported). */
    @Nullable
    NewEvent read(OrganizationId organization, EventParser.RawEvent raw) {
        int before = problems.count();
        if (!(raw.document() instanceof Map<?, ?> map)) {
            problems.fail("", "event", "must be a JSON object");
            return null;
        }
        if (raw.bytes() > Limits.MAX_EVENT_BYTES) {
            problems.fail(
                    "", "event", "is " + raw.bytes() + " bytes; at most " + Limits.MAX_EVENT_BYTES + " are allowed");
        }
        for (Object key : map.keySet()) {
            String field = String.valueOf(key);
            if (SERVER_FIELDS.contains(field)) {
                problems.fail("/" + Problems.escape(field), field, "is assigned by the server and must not be sent");
            } else if (!FIELDS.contains(field)) {
                problems.fail(
                        "/" + Problems.escape(field),
                        field,
                        "is not a field of an event (allowed: " + sorted(FIELDS) + ")");
            }
        }
        String orgField = string(map, "organization_id", "organization_id", Limits.MAX_ID, false);
        if (orgField != null && !orgField.equals(organization.value())) {
            problems.fail(
                    "/organization_id",
                    "organization_id",
                    "must be " + organization + " as in the URL, not " + orgField);
        }
        EventId id = eventId(map);
        String action = action(map);
        Instant occurredAt = occurredAt(map);
        Actor actor = actor(map.get("actor"));
        Target target = target(map.get("target"));
        Outcome outcome = outcome(map);
        String workspace = string(map, "workspace", "workspace", 64, false);
        if (workspace != null && !WORKSPACE.matcher(workspace).matches()) {
            problems.fail("/workspace", "workspace", "must match " + WORKSPACE.pattern());
        }
        RequestContext context = context(map.get("context"));
        Map<String, @Nullable Object> payload = payload(map.get("payload"));
        if (action != null) {
            catalog.check(
                    action,
                    new Catalog.EventShape(
                            actor == null ? null : actor.type(),
                            map.get("target") != null,
                            target == null ? null : target.type(),
                            outcome,
                            payload),
                    problems);
        }
        if (problems.count() > before || action == null || actor == null || payload == null) {
            return null;
        }
        return new NewEvent(
                id,
                action,
                occurredAt == null ? EventParser.truncateToMicros(clock.instant()) : occurredAt,
                actor,
                target,
                outcome == null ? catalog.defaultOutcome(action) : outcome,
                workspace == null ? "default" : workspace,
                context,
                payload);
    }

    private EventId eventId(Map<?, ?> map) {
        String id = string(map, "id", "id", 128, false);
        if (id == null) {
            return ids.newEventId();
        }
        if (!EventId.FORM.matcher(id).matches()) {
            problems.fail("/id", "id", "must match " + EventId.FORM.pattern());
            return ids.newEventId();
        }
        return new EventId(id);
    }

    private @Nullable String action(Map<?, ?> map) {
        String action = string(map, "action", "action", Catalog.MAX_ACTION_LENGTH, true);
        if (action != null && !Catalog.ACTION_FORM.matcher(action).matches()) {
            problems.fail(
                    "/action", "action", "must match " + Catalog.ACTION_FORM.pattern() + " (e.g. user.roleChange)");
            return null;
        }
        return action;
    }

    private @Nullable Instant occurredAt(Map<?, ?> map) {
        String text = string(map, "occurred_at", "occurred_at", 64, false);
        if (text == null) {
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problems.fail(
                    "/occurred_at", "occurred_at", "must be an RFC 3339 timestamp, e.g. 2026-11-27T10:15:02.120Z");
            return null;
        }
        if (at.getNano() % 1_000 != 0) {
            problems.fail("/occurred_at", "occurred_at", "has more than microsecond precision");
        }
        Instant latest = clock.instant().plus(Limits.MAX_FUTURE_SKEW);
        if (at.isAfter(latest)) {
            problems.fail(
                    "/occurred_at",
                    "occurred_at",
                    "lies more than " + Limits.MAX_FUTURE_SKEW.toMinutes() + " minutes in the future");
        }
        if (at.isBefore(Limits.EARLIEST)) {
            problems.fail("/occurred_at", "occurred_at", "must not be before " + Limits.EARLIEST);
        }
        return at;
    }

    private @Nullable Actor actor(@Nullable Object value) {
        if (value == null) {
            problems.fail("/actor", "actor", "is required");
            return null;
        }
        Map<?, ?> map = object(value, "/actor", "actor", ACTOR_FIELDS);
        if (map == null) {
            return null;
        }
        String typeText = string(map, "type", "actor.type", 32, true);
        ActorType type = null;
        if (typeText != null) {
            type = ActorType.fromWire(typeText).orElse(null);
            if (type == null) {
                problems.fail("/actor/type", "actor.type", "must be one of " + wires(ActorType.values()));
            }
        }
        String id = string(map, "id", "actor.id", Limits.MAX_ID, type != null && type.requiresId());
        String name = string(map, "name", "actor.name", Limits.MAX_NAME, false);
        String email = string(map, "email", "actor.email", Limits.MAX_EMAIL, false);
        if (email != null && !Actor.EMAIL.matcher(email).matches()) {
            problems.fail("/actor/email", "actor.email", "must be an email address");
        }
        String role = string(map, "role", "actor.role", Limits.MAX_ROLE, false);
        return type == null ? null : new Actor(type, id, name, email, role);
    }

    private @Nullable Target target(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        Map<?, ?> map = object(value, "/target", "target", TARGET_FIELDS);
        if (map == null) {
            return null;
        }
        String type = string(map, "type", "target.type", Limits.MAX_TYPE, true);
        if (type != null && !TYPE.matcher(type).matches()) {
            problems.fail("/target/type", "target.type", "must match " + TYPE.pattern());
        }
        String id = string(map, "id", "target.id", Limits.MAX_ID, false);
        String name = string(map, "name", "target.name", Limits.MAX_NAME, false);
        if (id == null && name == null) {
            problems.fail("/target", "target", "must carry an id or a name");
        }
        return type == null ? null : new Target(type, id, name);
    }

    /** The outcome the event names, or {@code null} when it names none (or none that exists). */
    private @Nullable Outcome outcome(Map<?, ?> map) {
        String text = string(map, "outcome", "outcome", 16, false);
        if (text == null) {
            return null;
        }
        Outcome outcome = Outcome.fromWire(text).orElse(null);
        if (outcome == null) {
            problems.fail("/outcome", "outcome", "must be one of " + wires(Outcome.values()));
        }
        return outcome;
    }

    private RequestContext context(@Nullable Object value) {
        if (value == null) {
            return RequestContext.NONE;
        }
        Map<?, ?> map = object(value, "/context", "context", CONTEXT_FIELDS);
        if (map == null) {
            return RequestContext.NONE;
        }
        String ip = string(map, "ip", "context.ip", 64, false);
        if (ip != null && !IpAddresses.isLiteral(ip)) {
            problems.fail("/context/ip", "context.ip", "must be an IPv4 or IPv6 address");
        }
        String userAgent = string(map, "user_agent", "context.user_agent", Limits.MAX_USER_AGENT, false);
        String requestId = string(map, "request_id", "context.request_id", Limits.MAX_REQUEST_ID, false);
        return new RequestContext(ip, userAgent, requestId);
    }

    private @Nullable Map<String, @Nullable Object> payload(@Nullable Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            problems.fail("/payload", "payload", "must be a JSON object");
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> copy =
                (Map<String, @Nullable Object>) values.copy(value, "/payload", "payload", 1);
        return copy;
    }

    private @Nullable Map<?, ?> object(Object value, String pointer, String name, Set<String> allowed) {
        if (!(value instanceof Map<?, ?> map)) {
            problems.fail(pointer, name, "must be a JSON object");
            return null;
        }
        for (Object key : map.keySet()) {
            String field = String.valueOf(key);
            if (!allowed.contains(field)) {
                problems.fail(
                        pointer + "/" + Problems.escape(field),
                        name + "." + field,
                        "is not a field of " + name + " (allowed: " + sorted(allowed) + ")");
            }
        }
        return map;
    }

    /** Reads an optional string field: null when absent or JSON null; a problem when not a valid string. */
    private @Nullable String string(Map<?, ?> map, String field, String name, int maxLength, boolean required) {
        String pointer = "/" + name.replace('.', '/');
        Object value = map.get(field);
        if (value == null) {
            if (required) {
                problems.fail(pointer, name, "is required");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            problems.fail(pointer, name, "must be a string");
            return null;
        }
        if (text.isBlank()) {
            problems.fail(pointer, name, "must not be blank");
            return null;
        }
        if (text.length() > maxLength) {
            problems.fail(
                    pointer, name, "is " + text.length() + " characters long; at most " + maxLength + " are allowed");
            return null;
        }
        return values.text(text, pointer, name) ? text : null;
    }

    private static List<String> sorted(Set<String> fields) {
        return fields.stream().sorted().toList();
    }

    private static List<String> wires(Enum<?>[] values) {
        return Arrays.stream(values)
                .map(v -> v.name().toLowerCase(Locale.ROOT))
                .sorted()
                .toList();
    }
}
