package dev.attest.server;

import dev.attest.core.admin.Principal;
import dev.attest.core.admin.WorkspaceAdministration;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.EventDocument;
import dev.attest.core.event.EventId;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.member.Permission;
import dev.attest.core.store.Appended;
import dev.attest.core.store.Cursor;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.EventPage;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.PageRequest;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;

/**
 * {@code /v1/organizations/{org}/events}: ingest (API keys and app tokens), list and read events (those, or a console
 * session of a reader of the log or a super-user, through {@link Callers}). A reader who may not see every workspace
 * (ADR 0006) reads only the workspaces visible to them; an event of another is answered 404.
 */
final class EventRoutes implements HttpService {
    /** How long a producer waits for its commit before getting a 503 (the events may still commit; retry is safe). */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final ApiKeyAuthenticator authenticator;
    private final EventParser parser;
    private final Sequencer sequencer;
    private final EventStore events;
    private final Callers readers;
    private final WorkspaceAdministration workspaces;

    EventRoutes(
            ApiKeyAuthenticator authenticator,
            EventParser parser,
            Sequencer sequencer,
            EventStore events,
            Callers readers,
            WorkspaceAdministration workspaces) {
        this.authenticator = authenticator;
        this.parser = parser;
        this.sequencer = sequencer;
        this.events = events;
        this.readers = readers;
        this.workspaces = workspaces;
    }

    /** The reader of the path's organization, who must hold {@link Permission#LOG_READ}. */
    private Principal reader(ServerRequest request) {
        Principal principal =
                readers.resolve(request, request.path().pathParameters().get("org"));
        principal.require(Permission.LOG_READ);
        return principal;
    }

    /**
     * {@code filter} narrowed to the workspaces {@code visible} (empty: every one), or empty when none of the workspaces
     * asked for is visible.
     */
    static Optional<EventFilter> narrow(EventFilter filter, Optional<Set<String>> visible) {
        if (visible.isEmpty()) {
            return Optional.of(filter);
        }
        List<String> asked = filter.workspaces();
        List<String> allowed = asked.isEmpty()
                ? visible.get().stream().sorted().toList()
                : asked.stream().filter(visible.get()::contains).toList();
        return allowed.isEmpty()
                ? Optional.empty()
                : Optional.of(filter.toBuilder().workspaces(allowed).build());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{org}/events", this::append)
                .get("/{org}/events", this::list)
                .get("/{org}/events/{id}", this::one);
    }

    private void append(ServerRequest request, ServerResponse response) {
        OrganizationId org =
                authenticator.authorize(request, request.path().pathParameters().get("org"), Permission.EVENTS_WRITE);
        JsonBodies.Events body;
        try (JsonParser json = JsonBodies.open(request, JsonBodies.MAX_BATCH_BODY_BYTES)) {
            body = JsonBodies.readEvents(json);
        }
        List<NewEvent> parsed = parser.parse(org, body.events(), body.batch());
        List<Appended> appended = sequencer.append(org, parsed, COMMIT_TIMEOUT);
        boolean created = appended.stream().anyMatch(Appended::created);
        List<Map<String, Object>> results =
                appended.stream().map(EventRoutes::result).toList();
        response.status(created ? Status.CREATED_201 : Status.OK_200);
        sendJson(response, body.batch() ? Map.of("data", results) : results.getFirst());
    }

    private static Map<String, Object> result(Appended appended) {
        var result = new LinkedHashMap<String, Object>();
        result.put("id", appended.id().value());
        result.put("seq", appended.seq());
        result.put("status", appended.created() ? "created" : "duplicate");
        return result;
    }

    private void list(ServerRequest request, ServerResponse response) {
        Principal principal = reader(request);
        OrganizationId org = principal.organization();
        QueryParameters query = QueryParameters.read(request, org);
        Optional<EventFilter> visible = narrow(query.filter(), workspaces.visibleTo(principal));
        EventPage page =
                visible.isPresent() ? events.query(visible.get(), query.page()) : new EventPage(List.of(), null);
        var body = new LinkedHashMap<String, @Nullable Object>();
        body.put(
                "data",
                page.events().stream().map(e -> EventDocument.of(e, true)).toList());
        Cursor next = page.next();
        body.put("next_cursor", next == null ? null : next.encode());
        sendJson(response, body);
    }

    private void one(ServerRequest request, ServerResponse response) {
        Principal principal = reader(request);
        OrganizationId org = principal.organization();
        String id = request.path().pathParameters().get("id");
        if (!EventId.FORM.matcher(id).matches()) {
            throw Problem.notFound("event " + id + " not found");
        }
        Optional<Set<String>> visible = workspaces.visibleTo(principal);
        Event event = events.find(org, new EventId(id))
                .filter(e -> visible.isEmpty() || visible.get().contains(e.workspace()))
                .orElseThrow(() -> Problem.notFound("event " + id + " not found in " + org));
        sendJson(response, EventDocument.of(event, true));
    }

    static void sendJson(ServerResponse response, Object body) {
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.write(body));
    }

    /**
     * A list request's filter and page, read from its query parameters; each bad parameter is named with its rule.
     * {@code action}, {@code category} and {@code workspace} may repeat (any of the values matches).
     */
    record QueryParameters(EventFilter filter, PageRequest page) {
        /** The longest free-text search accepted: longer ones are refused, not cut. */
        static final int MAX_TEXT = 200;

        static QueryParameters read(ServerRequest request, OrganizationId org) {
            var params = request.query();
            var problems = new java.util.ArrayList<Map<String, String>>();
            Instant since = instant(params.first("since").orElse(null), "since", problems);
            Instant until = instant(params.first("until").orElse(null), "until", problems);
            if (since != null && until != null && !until.isAfter(since)) {
                problems.add(Problem.parameterError("until", "must be later than since"));
            }
            String text = params.first("q").orElse(null);
            if (text != null && text.codePointCount(0, text.length()) > MAX_TEXT) {
                problems.add(Problem.parameterError("q", "must be at most " + MAX_TEXT + " characters"));
            }
            EventFilter filter = EventFilter.builder(org)
                    .since(since)
                    .until(until)
                    .actions(params.all("action", List::of))
                    .categories(params.all("category", List::of))
                    .actorType(enumeration(
                            params.first("actor_type").orElse(null),
                            "actor_type",
                            "member, api_key, app, super_user, system, viewer, unknown",
                            s -> ActorType.fromWire(s).orElse(null),
                            problems))
                    .actorId(params.first("actor_id").orElse(null))
                    .actorEmail(params.first("actor_email").orElse(null))
                    .targetType(params.first("target_type").orElse(null))
                    .targetId(params.first("target_id").orElse(null))
                    .outcome(enumeration(
                            params.first("outcome").orElse(null),
                            "outcome",
                            "success, failure",
                            s -> Outcome.fromWire(s).orElse(null),
                            problems))
                    .workspaces(params.all("workspace", List::of))
                    .critical(enumeration(
                            params.first("critical").orElse(null),
                            "critical",
                            "true, false",
                            s -> s.equals("true") ? Boolean.TRUE : s.equals("false") ? Boolean.FALSE : null,
                            problems))
                    .text(text)
                    .build();
            int limit = PageRequest.DEFAULT_LIMIT;
            String limitText = params.first("limit").orElse(null);
            if (limitText != null) {
                try {
                    limit = Integer.parseInt(limitText);
                    if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    problems.add(Problem.parameterError(
                            "limit", "must be a whole number from 1 to " + PageRequest.MAX_LIMIT));
                }
            }
            String cursor = params.first("cursor").orElse(null);
            if (!problems.isEmpty()) {
                throw Problem.badRequest(String.valueOf(problems.getFirst().get("detail")), problems);
            }
            return new QueryParameters(filter, new PageRequest(limit, cursor == null ? null : Cursor.decode(cursor)));
        }

        private static @Nullable Instant instant(
                @Nullable String text, String name, List<Map<String, String>> problems) {
            if (text == null) {
                return null;
            }
            try {
                OffsetDateTime at = OffsetDateTime.parse(text);
                // RFC 3339 §5.6 years have four digits; ISO 8601's expanded years (+999999999) would overflow the
                // microseconds the stores compare.
                if (at.getYear() >= 0 && at.getYear() <= 9999) {
                    return at.toInstant();
                }
            } catch (DateTimeParseException e) {
                // refused below
            }
            problems.add(Problem.parameterError(
                    name, "must be an RFC 3339 timestamp with a year from 0000 to 9999, e.g. 2026-11-27T10:15:02Z"));
            return null;
        }

        private static <T> @Nullable T enumeration(
                @Nullable String text,
                String name,
                String allowed,
                Function<String, @Nullable T> parse,
                List<Map<String, String>> problems) {
            if (text == null) {
                return null;
            }
            T value = parse.apply(text);
            if (value == null) {
                problems.add(Problem.parameterError(name, "must be one of " + allowed + ", not " + text));
            }
            return value;
        }
    }
}
