package dev.attest.server.compat;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.EventParser.RawEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.ingest.Sequencer;
import dev.attest.server.ApiKeyCache;
import dev.attest.server.Problem;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The publisher API of Retraced: {@code POST /publisher/v1/project/{projectId}/event} and {@code …/event/bulk}
 * ({@code {"events": […]}}, all or nothing), with {@code Authorization: token=KEY}, answering {@code {id, hash}} with
 * the hash the official clients check ({@link RetracedHash}). Errors are Attest's RFC 9457 problem documents. The
 * mapping (README, "Switching from Retraced"):
 *
 * <ul>
 *   <li>project → organization: {@code projectId} must be the id of the API key's organization (404 otherwise).
 *   <li>{@code action}: as for WorkOS, camelCased into Attest's form when it is not already; a single segment gets
 *       the prefix {@code retraced.}; the original is kept in {@code payload.retraced.action}.
 *   <li>{@code actor} → a {@code member} actor (id, name); {@code is_anonymous: true} → an {@code unknown} actor.
 *       {@code href} and {@code fields} go to {@code payload.retraced.actor}.
 *   <li>{@code target} → the target (type lower-cased, {@code resource} when none); {@code href}, {@code fields} and
 *       the original type go to {@code payload.retraced.target}.
 *   <li>{@code group} (the vendor's tenant) → {@code payload.retraced.group}; Attest's tenant is the organization.
 *   <li>{@code crud} → {@code payload.retraced.crud}; {@code is_failure} → outcome {@code failure};
 *       {@code created} → {@code occurred_at}; {@code source_ip} → {@code context.ip}.
 *   <li>{@code fields} → the payload's top-level fields; {@code description}, {@code metadata}, {@code external_id},
 *       {@code component}, {@code version} → {@code payload.retraced}.
 *   <li>The event id is 32 random hex digits, as Retraced's are (a valid Attest event id).
 * </ul>
 */
public final class RetracedRoutes implements HttpService {
    private static final Pattern TOKEN = Pattern.compile("token=(.+)");
    private static final String RESERVED = "retraced";
    private static final Set<String> EVENT_FIELDS = Set.of(
            "action",
            "crud",
            "group",
            "created",
            "actor",
            "target",
            "source_ip",
            "description",
            "is_anonymous",
            "is_failure",
            "fields",
            "metadata",
            "external_id",
            "component",
            "version");
    private static final Set<String> ACTOR_FIELDS = Set.of("id", "name", "href", "fields");
    private static final Set<String> TARGET_FIELDS = Set.of("id", "name", "type", "href", "fields");
    private static final Set<String> GROUP_FIELDS = Set.of("id", "name");
    private static final Set<String> CRUD = Set.of("c", "r", "u", "d");

    private final CompatIngest ingest;
    private final java.security.SecureRandom random = new java.security.SecureRandom();

    public RetracedRoutes(ApiKeyCache keys, EventParser parser, Sequencer sequencer) {
        this.ingest = new CompatIngest(keys, parser, sequencer);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{project}/event", this::one).post("/{project}/event/bulk", this::bulk);
    }

    private void one(ServerRequest request, ServerResponse response) {
        OrganizationId org = authenticate(request);
        var body = new ArrayList<@Nullable Object>();
        body.add(CompatIngest.readOne(request));
        List<Map<String, Object>> results = append(org, body, false);
        CompatIngest.send(response, 201, results.getFirst(), Map.of());
    }

    private void bulk(ServerRequest request, ServerResponse response) {
        OrganizationId org = authenticate(request);
        List<RawEvent> events = CompatIngest.readBatch(request, "events").events();
        if (events == null || events.isEmpty()) {
            throw Problem.badRequest(
                    "the body must be {\"events\": [ … ]} with at least one event",
                    List.of(Map.of("pointer", "/events", "detail", "events must be a non-empty array")));
        }
        var documents = new ArrayList<@Nullable Object>(events.size());
        events.forEach(event -> documents.add(event.document()));
        CompatIngest.send(response, 201, append(org, documents, true), Map.of());
    }

    private List<Map<String, Object>> append(OrganizationId org, List<@Nullable Object> events, boolean bulk) {
        var documents = new ArrayList<Map<String, Object>>();
        var problems = new ArrayList<Map<String, String>>();
        for (int i = 0; i < events.size(); i++) {
            String base = bulk ? "/events/" + i : "";
            documents.add(toAttest(events.get(i), base, problems));
        }
        if (!problems.isEmpty()) {
            throw Problem.badRequest(
                    problems.size() == 1
                            ? String.valueOf(problems.getFirst().get("detail"))
                            : problems.size() + " problems; nothing of the request was stored",
                    problems);
        }
        ingest.append(org, documents);
        var results = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < events.size(); i++) {
            String id = String.valueOf(documents.get(i).get("id"));
            results.add(Map.of("id", id, "hash", RetracedHash.of(id, (Map<?, ?>) events.get(i))));
        }
        return results;
    }

    private OrganizationId authenticate(ServerRequest request) {
        String header = request.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        Matcher token = TOKEN.matcher(header);
        OrganizationId org = ingest.organizationOf(token.find() ? token.group(1) : null, request)
                .orElseThrow(() -> new Problem(
                        401,
                        "unauthorized",
                        "Authentication required",
                        "send the organization's API key as Authorization: token=<key>",
                        List.of(),
                        Map.of("WWW-Authenticate", "Token realm=\"attest\"")));
        String project = request.path().pathParameters().get("project");
        if (!org.value().equals(project)) {
            throw Problem.notFound("project " + project + " not found (the project id is the organization id)");
        }
        return org;
    }

    private Map<String, Object> toAttest(@Nullable Object value, String base, List<Map<String, String>> problems) {
        var document = new LinkedHashMap<String, Object>();
        byte[] id = new byte[16];
        random.nextBytes(id);
        document.put("id", HexFormat.of().formatHex(id));
        if (!(value instanceof Map<?, ?> event)) {
            problem(problems, base, "an event must be a JSON object");
            return document;
        }
        keys(event, EVENT_FIELDS, base, "event", problems);
        var extra = new LinkedHashMap<String, Object>();

        String action = string(event, "action", base, true, problems);
        if (action != null) {
            Optional<String> mapped = ForeignActions.toAttest(action, RESERVED);
            if (mapped.isEmpty()) {
                problem(problems, base + "/action", "action " + action + " has nothing Attest can use as an action");
            } else {
                document.put("action", mapped.get());
                if (!mapped.get().equals(action)) {
                    extra.put("action", action);
                }
            }
        }
        String crud = string(event, "crud", base, true, problems);
        if (crud != null && !CRUD.contains(crud)) {
            problem(problems, base + "/crud", "crud must be one of c, r, u, d");
        }
        extra.put("crud", crud);

        String created = string(event, "created", base, false, problems);
        if (created != null) {
            try {
                var at = OffsetDateTime.parse(created).toInstant();
                document.put("occurred_at", at.minusNanos(at.getNano() % 1_000).toString());
            } catch (DateTimeParseException e) {
                problem(problems, base + "/created", "created must be an ISO 8601 timestamp");
            }
        }

        boolean anonymous = Boolean.TRUE.equals(event.get("is_anonymous"));
        var actor = new LinkedHashMap<String, Object>();
        Map<?, ?> actorIn = object(event, "actor", ACTOR_FIELDS, base, problems);
        if (actorIn == null && !anonymous) {
            problem(problems, base + "/actor", "actor is required unless is_anonymous is true");
        }
        actor.put("type", anonymous ? "unknown" : "member");
        if (actorIn != null) {
            copy(actorIn, "id", actor, base + "/actor", !anonymous, problems);
            copy(actorIn, "name", actor, base + "/actor", false, problems);
            Map<String, Object> more = sub(actorIn, base + "/actor", problems);
            if (!more.isEmpty()) {
                extra.put("actor", more);
            }
        }
        document.put("actor", actor);

        Map<?, ?> targetIn = object(event, "target", TARGET_FIELDS, base, problems);
        if (targetIn != null) {
            var target = new LinkedHashMap<String, Object>();
            String type = string(targetIn, "type", base + "/target", false, problems);
            Optional<String> attestType = type == null ? Optional.of("resource") : ForeignActions.targetType(type);
            if (attestType.isEmpty()) {
                problem(problems, base + "/target/type", "target.type must start with a letter");
            }
            target.put("type", attestType.orElse("resource"));
            copy(targetIn, "id", target, base + "/target", true, problems);
            copy(targetIn, "name", target, base + "/target", false, problems);
            Map<String, Object> more = sub(targetIn, base + "/target", problems);
            if (type != null && !type.equals(attestType.orElse(type))) {
                more.put("type", type);
            }
            if (!more.isEmpty()) {
                extra.put("target", more);
            }
            document.put("target", target);
        }

        Map<?, ?> group = object(event, "group", GROUP_FIELDS, base, problems);
        if (group != null) {
            extra.put("group", group);
        }
        if (Boolean.TRUE.equals(event.get("is_failure"))) {
            document.put("outcome", "failure");
        }
        String ip = string(event, "source_ip", base, false, problems);
        if (ip != null) {
            document.put("context", Map.of("ip", ip));
        }
        for (String field : List.of("is_failure", "is_anonymous")) {
            if (event.get(field) != null && !(event.get(field) instanceof Boolean)) {
                problem(problems, base + "/" + field, field + " must be a boolean");
            }
        }

        var payload = new LinkedHashMap<String, Object>(strings(event.get("fields"), base + "/fields", problems));
        if (payload.containsKey(RESERVED)) {
            problem(problems, base + "/fields/" + RESERVED, "fields." + RESERVED + " is reserved by Attest");
        }
        for (String field : List.of("description", "external_id", "component", "version")) {
            String text = string(event, field, base, false, problems);
            if (text != null) {
                extra.put(field, text);
            }
        }
        if (event.get("metadata") != null) {
            extra.put("metadata", strings(event.get("metadata"), base + "/metadata", problems));
        }
        payload.put(RESERVED, extra);
        document.put("payload", payload);
        return document;
    }

    private static void copy(
            Map<?, ?> from,
            String field,
            Map<String, Object> to,
            String at,
            boolean required,
            List<Map<String, String>> problems) {
        String value = string(from, field, at, required, problems);
        if (value != null) {
            to.put(field, value);
        }
    }

    /** The {@code href} and {@code fields} of an actor or target, which Attest keeps in the payload. */
    private static Map<String, Object> sub(Map<?, ?> from, String at, List<Map<String, String>> problems) {
        var more = new LinkedHashMap<String, Object>();
        String href = string(from, "href", at, false, problems);
        if (href != null) {
            more.put("href", href);
        }
        if (from.get("fields") != null) {
            more.put("fields", strings(from.get("fields"), at + "/fields", problems));
        }
        return more;
    }

    private static @Nullable Map<?, ?> object(
            Map<?, ?> event, String field, Set<String> allowed, String base, List<Map<String, String>> problems) {
        Object value = event.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem(problems, base + "/" + field, field + " must be an object");
            return null;
        }
        keys(map, allowed, base + "/" + field, field, problems);
        return map;
    }

    private static Map<String, String> strings(@Nullable Object value, String at, List<Map<String, String>> problems) {
        var copy = new LinkedHashMap<String, String>();
        if (value == null) {
            return copy;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem(problems, at, at.substring(at.lastIndexOf('/') + 1) + " must be an object of strings");
            return copy;
        }
        map.forEach((k, v) -> {
            if (v instanceof String s) {
                copy.put(String.valueOf(k), s);
            } else {
                problem(problems, at + "/" + k, "values of " + at + " must be strings");
            }
        });
        return copy;
    }

    private static @Nullable String string(
            Map<?, ?> map, String field, String at, boolean required, List<Map<String, String>> problems) {
        Object value = map.get(field);
        if (value == null || (value instanceof String s && s.isEmpty() && !required)) {
            if (required) {
                problem(problems, at + "/" + field, field + " is required");
            }
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            problem(problems, at + "/" + field, field + " must be a non-empty string");
            return null;
        }
        return s;
    }

    private static void keys(
            Map<?, ?> map, Set<String> allowed, String at, String name, List<Map<String, String>> problems) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                problem(
                        problems,
                        at + "/" + key,
                        key + " is not a field of " + name + " (allowed: "
                                + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    private static void problem(List<Map<String, String>> problems, String pointer, String detail) {
        problems.add(Map.of("pointer", pointer, "detail", detail));
    }
}
