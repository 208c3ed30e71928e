package dev.attest.core.event;

import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.Catalog;
import dev.attest.core.catalog.FieldRule;
import dev.attest.integrity.CanonicalJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns request documents (plain Java JSON values) into validated {@link NewEvent}s, reporting every broken rule of a
 * whole request at once. All-or-nothing: either every event of a request is valid, or an
 * {@link InvalidEventException} lists all problems. Thread-safe.
 *
 * <p>Unknown fields of the envelope ({@code actor}, {@code target}, {@code context} and the event itself) are
 * rejected rather than dropped, so that a misspelt field never silently loses data; {@code payload} is free-form.
 *
 * <p>An event this parser returns is guaranteed to have RFC 8785 canonical bytes (it is canonicalized once here, on
 * the caller's thread): whatever can fail about one request fails before it reaches the sequencer, so that it can
 * never spoil the transaction it would share with other producers' requests.
 */
public final class EventParser {
    private static final Pattern WORKSPACE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
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

    public EventParser(Clock clock, IdGenerator ids) {
        this.clock = clock;
        this.ids = ids;
    }

    /** One event as it came in the request body, with the size of its JSON text there. */
    public record RawEvent(@Nullable Object document, int bytes) {}

    /**
     * Validates every event of one request for {@code organization}.
     *
     * @param batch whether the body was an array (pointers then start with the element's index)
     * @throws InvalidEventException listing every problem of every event; nothing is returned in part
     */
    public List<NewEvent> parse(OrganizationId organization, List<RawEvent> events, boolean batch) {
        var problems = new ArrayList<Violation>();
        if (events.isEmpty()) {
            problems.add(new Violation("", "the request holds no event; send an object or a non-empty array"));
        }
        if (events.size() > Limits.MAX_BATCH) {
            problems.add(new Violation(
                    "", "a batch holds at most " + Limits.MAX_BATCH + " events, this one " + events.size()));
            throw new InvalidEventException(problems);
        }
        var parsed = new ArrayList<NewEvent>(events.size());
        var seenIds = new HashSet<String>();
        for (int i = 0; i < events.size(); i++) {
            String base = batch ? "/" + i : "";
            String label = batch ? "[" + i + "]." : "";
            var one = new Reading(base, label, problems);
            NewEvent event = one.event(organization, events.get(i));
            if (event != null) {
                if (!seenIds.add(event.id().value())) {
                    problems.add(
                            new Violation(base + "/id", label + "id " + event.id() + " appears twice in this request"));
                }
                Violation canonical = canonicalViolation(organization, event, base, label);
                if (canonical != null) {
                    problems.add(canonical);
                }
                parsed.add(event);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
        return List.copyOf(parsed);
    }

    /**
     * Checks that {@code event} has RFC 8785 canonical bytes, as its leaf hash needs. Its canonical bytes once stored
     * differ only in the members the server assigns ({@code seq}, {@code received_at}), which are a number and a
     * timestamp and always canonicalize, so placeholders for them decide the question here.
     *
     * @throws InvalidEventException naming the offending value
     */
    public static void requireCanonical(OrganizationId organization, NewEvent event) {
        Violation problem = canonicalViolation(organization, event, "", "");
        if (problem != null) {
            throw new InvalidEventException(List.of(problem));
        }
    }

    private static @Nullable Violation canonicalViolation(
            OrganizationId organization, NewEvent event, String base, String label) {
        try {
            CanonicalJson.canonicalize(
                    EventDocument.of(Event.of(organization, 1, event.occurredAt(), event, null), false));
            return null;
        } catch (IllegalArgumentException e) {
            // The message names the offending value's pointer within the event.
            return new Violation(base, label + "event has no RFC 8785 canonical form: " + e.getMessage());
        }
    }

    /** The reading of one event: where it sits in the request, and the problems found so far. */
    private final class Reading {
        private final String base;
        private final String label;
        private final List<Violation> problems;

        Reading(String base, String label, List<Violation> problems) {
            this.base = base;
            this.label = label;
            this.problems = problems;
        }

        @Nullable
        NewEvent event(OrganizationId organization, RawEvent raw) {
            int before = problems.size();
            if (!(raw.document() instanceof Map<?, ?> map)) {
                fail("", "event", "must be a JSON object");
                return null;
            }
            if (raw.bytes() > Limits.MAX_EVENT_BYTES) {
                fail("", "event", "is " + raw.bytes() + " bytes; at most " + Limits.MAX_EVENT_BYTES + " are allowed");
            }
            for (Object key : map.keySet()) {
                String field = String.valueOf(key);
                if (SERVER_FIELDS.contains(field)) {
                    fail("/" + escape(field), field, "is assigned by the server and must not be sent");
                } else if (!FIELDS.contains(field)) {
                    fail("/" + escape(field), field, "is not a field of an event (allowed: " + sorted(FIELDS) + ")");
                }
            }
            String orgField = string(map, "organization_id", "organization_id", Limits.MAX_ID, false);
            if (orgField != null && !orgField.equals(organization.value())) {
                fail(
                        "/organization_id",
                        "organization_id",
                        "must be " + organization + " as in the URL, not " + orgField);
            }
            EventId id = eventId(map);
            String action = action(map);
            Optional<ActionSpec> spec = action == null ? Optional.empty() : Catalog.find(action);
            Instant occurredAt = occurredAt(map);
            Actor actor = actor(map.get("actor"), spec);
            Target target = target(map.get("target"), spec);
            Outcome outcome = outcome(map, spec);
            String workspace = string(map, "workspace", "workspace", 64, false);
            if (workspace != null && !WORKSPACE.matcher(workspace).matches()) {
                fail("/workspace", "workspace", "must match " + WORKSPACE.pattern());
            }
            RequestContext context = context(map.get("context"));
            Map<String, @Nullable Object> payload = payload(map.get("payload"), spec);
            if (problems.size() > before || action == null || actor == null || payload == null) {
                return null;
            }
            return new NewEvent(
                    id,
                    action,
                    occurredAt == null ? receivedNow() : occurredAt,
                    actor,
                    target,
                    outcome,
                    workspace == null ? "default" : workspace,
                    context,
                    payload);
        }

        private Instant receivedNow() {
            return truncateToMicros(clock.instant());
        }

        private EventId eventId(Map<?, ?> map) {
            String id = string(map, "id", "id", 128, false);
            if (id == null) {
                return ids.newEventId();
            }
            if (!EventId.FORM.matcher(id).matches()) {
                fail("/id", "id", "must match " + EventId.FORM.pattern());
                return ids.newEventId();
            }
            return new EventId(id);
        }

        private @Nullable String action(Map<?, ?> map) {
            String action = string(map, "action", "action", Catalog.MAX_ACTION_LENGTH, true);
            if (action != null && !Catalog.ACTION_FORM.matcher(action).matches()) {
                fail("/action", "action", "must match " + Catalog.ACTION_FORM.pattern() + " (e.g. user.roleChange)");
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
                fail("/occurred_at", "occurred_at", "must be an RFC 3339 timestamp, e.g. 2026-11-27T10:15:02.120Z");
                return null;
            }
            if (at.getNano() % 1_000 != 0) {
                fail("/occurred_at", "occurred_at", "has more than microsecond precision");
            }
            Instant latest = clock.instant().plus(Limits.MAX_FUTURE_SKEW);
            if (at.isAfter(latest)) {
                fail(
                        "/occurred_at",
                        "occurred_at",
                        "lies more than " + Limits.MAX_FUTURE_SKEW.toMinutes() + " minutes in the future");
            }
            if (at.isBefore(Limits.EARLIEST)) {
                fail("/occurred_at", "occurred_at", "must not be before " + Limits.EARLIEST);
            }
            return at;
        }

        private @Nullable Actor actor(@Nullable Object value, Optional<ActionSpec> spec) {
            if (value == null) {
                fail("/actor", "actor", "is required");
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
                    fail("/actor/type", "actor.type", "must be one of " + wires(ActorType.values()));
                }
            }
            String id = string(map, "id", "actor.id", Limits.MAX_ID, type != null && type.requiresId());
            String name = string(map, "name", "actor.name", Limits.MAX_NAME, false);
            String email = string(map, "email", "actor.email", Limits.MAX_EMAIL, false);
            if (email != null && !EMAIL.matcher(email).matches()) {
                fail("/actor/email", "actor.email", "must be an email address");
            }
            String role = string(map, "role", "actor.role", Limits.MAX_ROLE, false);
            if (type != null
                    && spec.isPresent()
                    && !spec.get().actorTypes().isEmpty()
                    && !spec.get().actorTypes().contains(type)) {
                fail(
                        "/actor/type",
                        "actor.type",
                        "must be one of " + wires(spec.get().actorTypes().toArray(ActorType[]::new)) + " for "
                                + spec.get().action());
            }
            return type == null ? null : new Actor(type, id, name, email, role);
        }

        private @Nullable Target target(@Nullable Object value, Optional<ActionSpec> spec) {
            if (value == null) {
                if (spec.isPresent() && spec.get().targetRequired()) {
                    fail(
                            "/target",
                            "target",
                            "is required for " + spec.get().action() + " (a "
                                    + spec.get().targetType() + ")");
                }
                return null;
            }
            Map<?, ?> map = object(value, "/target", "target", TARGET_FIELDS);
            if (map == null) {
                return null;
            }
            String type = string(map, "type", "target.type", Limits.MAX_TYPE, true);
            if (type != null && !TYPE.matcher(type).matches()) {
                fail("/target/type", "target.type", "must match " + TYPE.pattern());
            }
            if (type != null && spec.isPresent() && !spec.get().targetType().equals(type)) {
                fail(
                        "/target/type",
                        "target.type",
                        "must be " + spec.get().targetType() + " for "
                                + spec.get().action() + ", not " + type);
            }
            String id = string(map, "id", "target.id", Limits.MAX_ID, false);
            String name = string(map, "name", "target.name", Limits.MAX_NAME, false);
            if (id == null && name == null) {
                fail("/target", "target", "must carry an id or a name");
            }
            return type == null ? null : new Target(type, id, name);
        }

        private Outcome outcome(Map<?, ?> map, Optional<ActionSpec> spec) {
            Optional<Outcome> fixed = spec.flatMap(ActionSpec::fixedOutcome);
            String text = string(map, "outcome", "outcome", 16, false);
            if (text == null) {
                return fixed.orElse(Outcome.SUCCESS);
            }
            Optional<Outcome> outcome = Outcome.fromWire(text);
            if (outcome.isEmpty()) {
                fail("/outcome", "outcome", "must be one of " + wires(Outcome.values()));
                return Outcome.SUCCESS;
            }
            if (fixed.isPresent() && fixed.get() != outcome.get()) {
                fail(
                        "/outcome",
                        "outcome",
                        "must be " + fixed.get().wire() + " for "
                                + spec.orElseThrow().action());
            }
            return outcome.get();
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
                fail("/context/ip", "context.ip", "must be an IPv4 or IPv6 address");
            }
            String userAgent = string(map, "user_agent", "context.user_agent", Limits.MAX_USER_AGENT, false);
            String requestId = string(map, "request_id", "context.request_id", Limits.MAX_REQUEST_ID, false);
            return new RequestContext(ip, userAgent, requestId);
        }

        private @Nullable Map<String, @Nullable Object> payload(@Nullable Object value, Optional<ActionSpec> spec) {
            Map<String, @Nullable Object> payload;
            if (value == null) {
                payload = Map.of();
            } else if (value instanceof Map<?, ?> map) {
                Object copy = json(map, "/payload", "payload", 1);
                if (!(copy instanceof Map<?, ?>)) {
                    return null;
                }
                @SuppressWarnings("unchecked")
                Map<String, @Nullable Object> typed = (Map<String, @Nullable Object>) copy;
                payload = typed;
            } else {
                fail("/payload", "payload", "must be a JSON object");
                return null;
            }
            spec.ifPresent(s -> s.payload().forEach((field, rule) -> check(payload, s.action(), field, rule)));
            return payload;
        }

        private void check(Map<String, @Nullable Object> payload, String action, String field, FieldRule rule) {
            String at = "/payload/" + escape(field);
            String name = "payload." + field;
            if (!payload.containsKey(field) || payload.get(field) == null) {
                fail(at, name, "is required for " + action + " (" + rule.describe() + ")");
                return;
            }
            Object value = payload.get(field);
            boolean ok = switch (rule) {
                case FieldRule.Text t -> value instanceof String s && !s.isBlank();
                case FieldRule.Email e ->
                    value instanceof String s && EMAIL.matcher(s).matches();
                case FieldRule.OneOf o ->
                    value instanceof String s && o.values().contains(s);
                case FieldRule.Count c -> isWholeNumber(value) && new BigDecimal(value.toString()).signum() >= 0;
                case FieldRule.Flag f -> value instanceof Boolean;
                case FieldRule.Changes c -> value instanceof Map<?, ?>;
                case FieldRule.Scalar s ->
                    value instanceof String || value instanceof Number || value instanceof Boolean;
            };
            if (!ok) {
                fail(at, name, "must be " + rule.describe() + " for " + action);
            }
        }

        /** Copies a JSON value, checking what a stored payload must respect; null where it broke a rule. */
        private @Nullable Object json(@Nullable Object value, String pointer, String name, int depth) {
            if (depth > Limits.MAX_PAYLOAD_DEPTH) {
                fail(pointer, name, "nests deeper than " + Limits.MAX_PAYLOAD_DEPTH + " levels");
                return null;
            }
            return switch (value) {
                case null -> null;
                case String s -> text(s, pointer, name) ? s : null;
                case Boolean b -> b;
                case Integer i -> i.longValue();
                case Long l -> safeInteger(BigInteger.valueOf(l), pointer, name) ? l : null;
                case BigInteger b -> safeInteger(b, pointer, name) ? b.longValueExact() : null;
                case Double d -> finite(d, pointer, name) ? d : null;
                case Float f -> finite(f.doubleValue(), pointer, name) ? f.doubleValue() : null;
                case BigDecimal d -> finite(d.doubleValue(), pointer, name) ? d.doubleValue() : null;
                case Short s -> s.longValue();
                case Byte b -> b.longValue();
                case Map<?, ?> map -> {
                    var copy = new LinkedHashMap<String, @Nullable Object>();
                    for (var entry : map.entrySet()) {
                        String key = String.valueOf(entry.getKey());
                        String at = pointer + "/" + escape(key);
                        if (key.length() > Limits.MAX_PAYLOAD_KEY) {
                            fail(at, name, "has a key longer than " + Limits.MAX_PAYLOAD_KEY + " characters");
                        } else if (key.indexOf('\0') >= 0) {
                            fail(at, name, "has a key containing U+0000");
                        } else if (unpairedSurrogate(key) >= 0) {
                            fail(at, name, "has a key that " + notUnicode(key));
                        }
                        copy.put(key, json(entry.getValue(), at, name + "." + key, depth + 1));
                    }
                    yield Collections.unmodifiableMap(copy);
                }
                case List<?> list -> {
                    var copy = new ArrayList<@Nullable Object>(list.size());
                    for (int i = 0; i < list.size(); i++) {
                        copy.add(json(list.get(i), pointer + "/" + i, name + "[" + i + "]", depth + 1));
                    }
                    yield Collections.unmodifiableList(copy);
                }
                default -> {
                    fail(pointer, name, "holds a value that is not JSON");
                    yield null;
                }
            };
        }

        private boolean safeInteger(BigInteger value, String pointer, String name) {
            if (value.abs().compareTo(BigInteger.valueOf(Limits.MAX_SAFE_INTEGER)) > 0) {
                fail(
                        pointer,
                        name,
                        "is an integer beyond ±2^53, which JSON numbers cannot carry exactly; send it as a string");
                return false;
            }
            return true;
        }

        private boolean finite(double value, String pointer, String name) {
            if (!Double.isFinite(value)) {
                fail(pointer, name, "must be a finite number");
                return false;
            }
            return true;
        }

        private boolean text(String value, String pointer, String name) {
            if (value.indexOf('\0') >= 0) {
                fail(pointer, name, "must not contain U+0000");
                return false;
            }
            if (unpairedSurrogate(value) >= 0) {
                fail(pointer, name, notUnicode(value));
                return false;
            }
            return true;
        }

        private @Nullable Map<?, ?> object(Object value, String pointer, String name, Set<String> allowed) {
            if (!(value instanceof Map<?, ?> map)) {
                fail(pointer, name, "must be a JSON object");
                return null;
            }
            for (Object key : map.keySet()) {
                String field = String.valueOf(key);
                if (!allowed.contains(field)) {
                    fail(
                            pointer + "/" + escape(field),
                            name + "." + field,
                            "is not a field of " + name + " (allowed: " + sorted(allowed) + ")");
                }
            }
            return map;
        }

        /** Reads an optional string field: null when absent or JSON null; a violation when not a valid string. */
        private @Nullable String string(Map<?, ?> map, String field, String name, int maxLength, boolean required) {
            String pointer = pointerOf(name);
            Object value = map.get(field);
            if (value == null) {
                if (required) {
                    fail(pointer, name, "is required");
                }
                return null;
            }
            if (!(value instanceof String text)) {
                fail(pointer, name, "must be a string");
                return null;
            }
            if (text.isBlank()) {
                fail(pointer, name, "must not be blank");
                return null;
            }
            if (text.length() > maxLength) {
                fail(pointer, name, "is " + text.length() + " characters long; at most " + maxLength + " are allowed");
                return null;
            }
            return text(text, pointer, name) ? text : null;
        }

        private String pointerOf(String dottedName) {
            return "/" + dottedName.replace('.', '/');
        }

        private void fail(String pointer, String name, String rule) {
            problems.add(new Violation(base + pointer, label + name + " " + rule));
        }
    }

    /** The index of the first UTF-16 surrogate in {@code text} that is not half of a pair, or -1. */
    static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String notUnicode(String text) {
        int at = unpairedSurrogate(text);
        return "must be valid Unicode, but holds an unpaired surrogate "
                + String.format(java.util.Locale.ROOT, "\\u%04X", (int) text.charAt(at)) + " at character " + at
                + " (RFC 8259 §8.2; a character outside the BMP is a pair such as \\uD83D\\uDE00)";
    }

    private static boolean isWholeNumber(@Nullable Object value) {
        return value instanceof Long
                || (value instanceof Double d && d == Math.rint(d) && Math.abs(d) <= Limits.MAX_SAFE_INTEGER);
    }

    /** Drops sub-microsecond digits; stored timestamps have microsecond precision. */
    public static Instant truncateToMicros(Instant instant) {
        return instant.minusNanos(instant.getNano() % 1_000);
    }

    private static String escape(String key) {
        // RFC 6901 §3: '~' becomes "~0" and '/' becomes "~1".
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> sorted(Set<String> fields) {
        return fields.stream().sorted().toList();
    }

    private static List<String> wires(Enum<?>[] values) {
        return java.util.Arrays.stream(values)
                .map(v -> v.name().toLowerCase(java.util.Locale.ROOT))
                .sorted()
                .toList();
    }
}
