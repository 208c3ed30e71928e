package dev.attest.server.compat;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.InvalidEventException;
import dev.attest.core.event.IpAddresses;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.ingest.BackpressureException;
import dev.attest.core.ingest.CommitTimeoutException;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.ingest.ShuttingDownException;
import dev.attest.server.ApiKeyCache;
import dev.attest.server.ErrorDialect;
import dev.attest.server.Problem;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /audit_logs/events}, the create-event endpoint of WorkOS Audit Logs: the request, idempotency, answer
 * and error shapes of WorkOS, stored as an Attest event of the API key's organization. The mapping (README,
 * "Switching from WorkOS"):
 *
 * <ul>
 *   <li>{@code action}: kept when already in Attest's form (a built-in catalog action is then validated as such),
 *       otherwise camelCased ({@code user.signed_in} → {@code user.signedIn}); the original is kept in
 *       {@code payload.workos.action}.
 *   <li>{@code actor.type}: {@code user}/{@code member} → {@code member}, {@code api_key}, {@code app}/
 *       {@code application}/{@code service} → {@code app}, {@code system}, {@code super_user}; any other →
 *       {@code unknown}. The original type and {@code actor.metadata} go to {@code payload.workos}.
 *   <li>{@code targets}: the first becomes the Attest target (type lower-cased); all of them, with their metadata, are
 *       kept in {@code payload.workos.targets} when there is more than one or any carries metadata.
 *   <li>{@code context.location} → {@code context.ip} when it is an IP address (otherwise
 *       {@code payload.workos.location}); {@code context.user_agent} → {@code context.user_agent}.
 *   <li>{@code metadata} → the payload's top-level fields (so a built-in action's required fields come from there);
 *       the key {@code outcome} ({@code "success"} or {@code "failure"}) is the Attest outcome, since WorkOS has no
 *       outcome field; {@code workos} is reserved. {@code version} → {@code payload.workos.version}.
 *   <li>{@code Idempotency-Key} → the event id {@code wos_} + the first 40 hex digits of
 *       SHA-256(organization id + LF + key), so a retry with the same key stores nothing twice and answers the same.
 * </ul>
 */
public final class WorkOsRoutes implements HttpService {
    private static final String RESERVED = "workos";
    private static final Set<String> EVENT_FIELDS =
            Set.of("action", "occurred_at", "version", "actor", "targets", "context", "metadata");
    private static final Set<String> ACTOR_FIELDS = Set.of("type", "id", "name", "metadata");
    private static final Set<String> CONTEXT_FIELDS = Set.of("location", "user_agent");
    private static final Map<String, String> ACTOR_TYPES = Map.of(
            "user", "member",
            "member", "member",
            "api_key", "api_key",
            "app", "app",
            "application", "app",
            "service", "app",
            "system", "system",
            "super_user", "super_user");

    private final CompatIngest ingest;

    public WorkOsRoutes(ApiKeyCache keys, EventParser parser, Sequencer sequencer) {
        this.ingest = new CompatIngest(keys, parser, sequencer);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/events", this::create);
    }

    /** A WorkOS error answer, thrown while reading a request. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final transient Map<String, Object> body;

        Refusal(int status, Map<String, Object> body) {
            super(String.valueOf(body.get("message")));
            this.status = status;
            this.body = body;
        }
    }

    /**
     * Errors under {@code /audit_logs/} in WorkOS's shapes: {@code {"message": …}} with WorkOS's codes, validation
     * errors as {@code errors} with a path each. Problem documents stay Attest's (too large, not declared as JSON: no
     * WorkOS answer has these).
     */
    public static final ErrorDialect ERRORS = error -> Optional.ofNullable(
            switch (error) {
                case Problem problem -> null;
                case Refusal refusal -> new ErrorDialect.Answer(refusal.status, refusal.body, Map.of());
                case InvalidEventException invalid ->
                    new ErrorDialect.Answer(
                            400,
                            invalidBody(invalid.violations().stream()
                                    .map(v -> path(workOsPath(v.pointer()), v.detail()))
                                    .toList()),
                            Map.of());
                case BackpressureException full ->
                    new ErrorDialect.Answer(
                            429,
                            Map.of("message", "Too many requests.", "code", "rate_limit_exceeded"),
                            Map.of(
                                    "Retry-After",
                                    Long.toString(Math.max(1, full.retryAfter().toSeconds()))));
                case ShuttingDownException stopping -> unavailable();
                case CommitTimeoutException slow -> unavailable();
                default -> new ErrorDialect.Answer(500, Map.of("message", "Internal server error."), Map.of());
            });

    private static ErrorDialect.Answer unavailable() {
        return new ErrorDialect.Answer(
                503,
                Map.of("message", "Service unavailable; retry.", "code", "service_unavailable"),
                Map.of("Retry-After", "1"));
    }

    private void create(ServerRequest request, ServerResponse response) {
        OrganizationId org = authenticate(request);
        Object body = readBody(request);
        Map<String, Object> document =
                toAttest(org, body, request.headers().first(HeaderNames.create("Idempotency-Key")));
        ingest.append(org, List.of(document));
        CompatIngest.send(response, 201, Map.of("success", true), Map.of());
    }

    /** The request's JSON value; a body that is not JSON gets WorkOS's answer for an invalid event. */
    private static @Nullable Object readBody(ServerRequest request) {
        try {
            return CompatIngest.readOne(request);
        } catch (Problem problem) {
            if (problem.code().equals("invalid-json")) {
                throw invalid(List.of(path("", "the body must be a JSON object: " + problem.getMessage())));
            }
            throw problem;
        }
    }

    private OrganizationId authenticate(ServerRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        String key = header.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7))
                .orElse(null);
        return ingest.organizationOf(key, request)
                .orElseThrow(() -> new Refusal(
                        401, Map.of("message", "Unauthorized: the API key is not valid.", "code", "unauthorized")));
    }

    /** Maps a WorkOS create-event request onto an Attest event document, or throws the WorkOS error. */
    private static Map<String, Object> toAttest(
            OrganizationId org, @Nullable Object body, Optional<String> idempotencyKey) {
        if (!(body instanceof Map<?, ?> root)) {
            throw invalid(List.of(path("", "the body must be a JSON object")));
        }
        var missing = new ArrayList<String>();
        Object orgField = root.get("organization_id");
        Map<?, ?> event = root.get("event") instanceof Map<?, ?> m ? m : Map.of();
        require(root, "organization_id", "organization_id", missing);
        require(root, "event", "event", missing);
        require(event, "action", "event.action", missing);
        require(event, "occurred_at", "event.occurred_at", missing);
        require(event, "actor", "event.actor", missing);
        require(event, "targets", "event.targets", missing);
        require(event, "context", "event.context", missing);
        Map<?, ?> actor = event.get("actor") instanceof Map<?, ?> a ? a : Map.of();
        Map<?, ?> context = event.get("context") instanceof Map<?, ?> c ? c : Map.of();
        if (event.get("actor") instanceof Map<?, ?>) {
            require(actor, "type", "event.actor.type", missing);
            require(actor, "id", "event.actor.id", missing);
        }
        if (event.get("context") instanceof Map<?, ?>) {
            require(context, "location", "event.context.location", missing);
        }
        if (!missing.isEmpty()) {
            var errors = missing.stream()
                    .map(f -> Map.<String, Object>of("code", "required", "field", f))
                    .toList();
            throw new Refusal(422, Map.of("message", "Validation failed.", "errors", errors));
        }
        if (!org.value().equals(orgField)) {
            throw new Refusal(404, Map.of("message", "Organization not found: '" + orgField + "'."));
        }
        var problems = new ArrayList<Map<String, Object>>();
        unknownKeys(root, Set.of("organization_id", "event"), "", problems);
        unknownKeys(event, EVENT_FIELDS, "", problems);
        unknownKeys(actor, ACTOR_FIELDS, "/actor", problems);
        unknownKeys(context, CONTEXT_FIELDS, "/context", problems);
        var extra = new LinkedHashMap<String, Object>();
        var document = new LinkedHashMap<String, Object>();
        idempotencyKey.filter(k -> !k.isBlank()).ifPresent(k -> document.put("id", eventId(org, k)));

        String action = text(event, "action", "/action", problems);
        if (action != null) {
            Optional<String> mapped = ForeignActions.toAttest(action, "workos");
            if (mapped.isEmpty()) {
                problems.add(path("/action", "action " + action + " has nothing Attest can use as an action"));
            } else {
                document.put("action", mapped.get());
                if (!mapped.get().equals(action)) {
                    extra.put("action", action);
                }
            }
        }
        document.put("occurred_at", event.get("occurred_at"));
        if (event.get("version") != null) {
            extra.put("version", event.get("version"));
        }

        var attestActor = new LinkedHashMap<String, Object>();
        String actorType = text(actor, "type", "/actor/type", problems);
        if (actorType != null) {
            attestActor.put("type", ACTOR_TYPES.getOrDefault(actorType, "unknown"));
            extra.put("actor_type", actorType);
        }
        attestActor.put("id", actor.get("id"));
        if (actor.get("name") != null) {
            attestActor.put("name", actor.get("name"));
        }
        Map<String, Object> actorMetadata = metadata(actor.get("metadata"), "/actor/metadata", problems);
        if (!actorMetadata.isEmpty()) {
            extra.put("actor_metadata", actorMetadata);
        }
        document.put("actor", attestActor);

        targets(event.get("targets"), document, extra, problems);

        var attestContext = new LinkedHashMap<String, Object>();
        Object location = context.get("location");
        if (location instanceof String l && IpAddresses.isLiteral(l)) {
            attestContext.put("ip", l);
        } else {
            extra.put("location", location);
        }
        if (context.get("user_agent") != null) {
            attestContext.put("user_agent", context.get("user_agent"));
        }
        document.put("context", attestContext);

        Map<String, Object> payload = metadata(event.get("metadata"), "/metadata", problems);
        Object outcome = payload.remove("outcome");
        if (outcome != null) {
            if (outcome.equals("success") || outcome.equals("failure")) {
                document.put("outcome", outcome);
            } else {
                problems.add(path("/metadata/outcome", "metadata.outcome must be \"success\" or \"failure\""));
            }
        }
        if (payload.containsKey(RESERVED)) {
            problems.add(path("/metadata/" + RESERVED, "metadata." + RESERVED + " is reserved by Attest"));
        }
        if (!extra.isEmpty()) {
            payload.put(RESERVED, extra);
        }
        document.put("payload", payload);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return document;
    }

    private static void targets(
            @Nullable Object value,
            Map<String, Object> document,
            Map<String, Object> extra,
            List<Map<String, Object>> problems) {
        if (!(value instanceof List<?> targets)) {
            problems.add(path("/targets", "targets must be an array"));
            return;
        }
        var kept = new ArrayList<Map<String, Object>>();
        boolean withMetadata = false;
        for (int i = 0; i < targets.size(); i++) {
            String at = "/targets/" + i;
            if (!(targets.get(i) instanceof Map<?, ?> target)) {
                problems.add(path(at, "a target must be an object"));
                continue;
            }
            unknownKeys(target, ACTOR_FIELDS, at, problems);
            String type = text(target, "type", at + "/type", problems);
            String id = text(target, "id", at + "/id", problems);
            if (type == null || id == null) {
                continue;
            }
            var copy = new LinkedHashMap<String, Object>();
            copy.put("type", type);
            copy.put("id", id);
            if (target.get("name") != null) {
                copy.put("name", target.get("name"));
            }
            Map<String, Object> metadata = metadata(target.get("metadata"), at + "/metadata", problems);
            if (!metadata.isEmpty()) {
                copy.put("metadata", metadata);
                withMetadata = true;
            }
            kept.add(copy);
            if (i == 0) {
                Optional<String> attestType = ForeignActions.targetType(type);
                if (attestType.isEmpty()) {
                    problems.add(path(at + "/type", "target type " + type + " must start with a letter"));
                    continue;
                }
                var first = new LinkedHashMap<String, Object>();
                first.put("type", attestType.get());
                first.put("id", id);
                if (target.get("name") != null) {
                    first.put("name", target.get("name"));
                }
                document.put("target", first);
            }
        }
        if (kept.size() > 1 || withMetadata) {
            extra.put("targets", kept);
        }
    }

    /** WorkOS metadata: at most 50 keys of at most 40 characters, values strings (≤ 500), numbers or booleans. */
    private static Map<String, Object> metadata(@Nullable Object value, String at, List<Map<String, Object>> problems) {
        var copy = new LinkedHashMap<String, Object>();
        if (value == null) {
            return copy;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(path(at, "metadata must be an object"));
            return copy;
        }
        if (map.size() > 50) {
            problems.add(path(at, "metadata holds " + map.size() + " keys; at most 50 are allowed"));
        }
        for (var entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object v = entry.getValue();
            if (key.length() > 40) {
                problems.add(path(at + "/" + key, "metadata keys are at most 40 characters long"));
            } else if (v instanceof String s && s.length() > 500) {
                problems.add(path(at + "/" + key, "metadata values are at most 500 characters long"));
            } else if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                problems.add(path(at + "/" + key, "metadata values must be strings, numbers or booleans"));
            } else {
                copy.put(key, v);
            }
        }
        return copy;
    }

    private static @Nullable String text(Map<?, ?> map, String field, String at, List<Map<String, Object>> problems) {
        Object value = map.get(field);
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        problems.add(path(at, field + " must be a non-empty string"));
        return null;
    }

    private static void require(Map<?, ?> map, String field, String name, List<String> missing) {
        if (map.get(field) == null) {
            missing.add(name);
        }
    }

    private static void unknownKeys(Map<?, ?> map, Set<String> allowed, String at, List<Map<String, Object>> problems) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                problems.add(path(at + "/" + key, key + " is not a field of this object"));
            }
        }
    }

    static String eventId(OrganizationId org, String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((org.value() + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return "wos_" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The WorkOS path of an Attest pointer: the event document's fields back to the request's. */
    private static String workOsPath(String pointer) {
        if (pointer.startsWith("/payload/" + RESERVED)) {
            return "";
        }
        if (pointer.startsWith("/payload")) {
            return "/metadata" + pointer.substring("/payload".length());
        }
        if (pointer.startsWith("/target")) {
            return "/targets/0" + pointer.substring("/target".length());
        }
        if (pointer.equals("/context/ip")) {
            return "/context/location";
        }
        if (pointer.equals("/outcome")) {
            return "/metadata/outcome";
        }
        return pointer;
    }

    private static Map<String, Object> path(String instancePath, String message) {
        return Map.of("instancePath", instancePath, "message", message);
    }

    private static Refusal invalid(List<Map<String, Object>> errors) {
        return new Refusal(400, invalidBody(errors));
    }

    private static Map<String, Object> invalidBody(List<Map<String, Object>> errors) {
        var body = new LinkedHashMap<String, Object>();
        body.put("message", "Invalid Audit Log event.");
        body.put("code", "invalid_audit_log_event");
        body.put("errors", errors);
        return body;
    }
}
