package dev.attest.server;

import dev.attest.core.admin.ConflictException;
import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.InvalidChangeException;
import dev.attest.core.admin.NotFoundException;
import dev.attest.core.admin.WeakPasswordException;
import dev.attest.core.event.InvalidEventException;
import dev.attest.core.ingest.BackpressureException;
import dev.attest.core.ingest.CommitTimeoutException;
import dev.attest.core.ingest.ShuttingDownException;
import dev.attest.core.store.InvalidCursorException;
import dev.attest.core.store.OrganizationNotFoundException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where exceptions become HTTP: an RFC 9457 {@code application/problem+json} document with a stable
 * {@code type}, or, under a path whose routes imitate another service, that service's answer ({@link ErrorDialect}).
 * Client errors (4xx) are expected and not logged as errors; server errors are logged with the request id, never with
 * the request body.
 */
final class ProblemMapper {
    private static final System.Logger LOG = System.getLogger(ProblemMapper.class.getName());

    private final Map<String, ErrorDialect> dialects;

    /**
     * @param dialects by path prefix (e.g. {@code /audit_logs/}); a request's path takes the dialect of the longest
     *     prefix it starts with
     */
    ProblemMapper(Map<String, ErrorDialect> dialects) {
        this.dialects = Map.copyOf(dialects);
    }

    static Problem toProblem(Throwable error) {
        return switch (error) {
            case Problem problem -> problem;
            case InvalidEventException invalid -> {
                List<Map<String, String>> errors = invalid.violations().stream()
                        .map(v -> Map.of("pointer", v.pointer(), "detail", v.detail()))
                        .toList();
                String detail = invalid.violations().size() == 1
                        ? invalid.violations().getFirst().detail()
                        : invalid.violations().size() + " problems; nothing of the request was stored";
                yield new Problem(400, "invalid-event", "The request holds invalid events", detail, errors, Map.of());
            }
            case InvalidCursorException cursor -> Problem.badParameter("cursor", message(cursor));
            case OrganizationNotFoundException notFound -> Problem.notFound(message(notFound));
            case NotFoundException notFound -> Problem.notFound(message(notFound));
            case ForbiddenException forbidden ->
                forbidden
                        .missingScope()
                        .map(scope -> Problem.missingScope(scope, message(forbidden)))
                        .orElseGet(() -> new Problem(403, forbidden.code(), "Not allowed", message(forbidden)));
            case WeakPasswordException weak ->
                Problem.badRequest(message(weak), List.of(Map.of("pointer", "/password", "detail", message(weak))));
            case InvalidChangeException invalid ->
                Problem.badRequest(
                        message(invalid), List.of(Map.of("pointer", invalid.pointer(), "detail", message(invalid))));
            case ConflictException conflict ->
                new Problem(409, "conflict", "Conflicts with the current state", message(conflict));
            case BackpressureException full ->
                new Problem(
                        429,
                        "backpressure",
                        "Too many events waiting",
                        message(full),
                        List.of(),
                        Map.of(
                                "Retry-After",
                                Long.toString(Math.max(1, full.retryAfter().toSeconds()))));
            case CommitTimeoutException slow ->
                new Problem(
                        503,
                        "commit-timeout",
                        "The commit took too long",
                        message(slow),
                        List.of(),
                        Map.of("Retry-After", "1"));
            case ShuttingDownException stopping ->
                new Problem(
                        503,
                        "shutting-down",
                        "The server is shutting down",
                        message(stopping),
                        List.of(),
                        Map.of("Retry-After", "5"));
            default ->
                new Problem(
                        500, "internal", "Internal error", "the server failed; the request id names it in the logs");
        };
    }

    private static String message(Throwable error) {
        return String.valueOf(error.getMessage());
    }

    /**
     * Problem documents for what the web server refuses before any route runs or while a body is read (a malformed
     * request line or header, a declared body above the server's limit): the same shape as every other error.
     */
    static DirectHandlers directHandlers() {
        DirectHandler handler = (request, event, status, headers, message) -> {
            boolean tooLarge = status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code();
            Problem problem = tooLarge
                    ? JsonBodies.tooLarge(JsonBodies.MAX_BATCH_BODY_BYTES)
                    : status.code() < 500
                            ? new Problem(status.code(), "bad-request", "The request is malformed", message)
                            : new Problem(status.code(), "internal", "Internal error", "the server failed");
            String path = request.path();
            byte[] body = Json.write(problem.body(path.length() > 200 ? path.substring(0, 200) : path, null));
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, "application/problem+json")
                    .entity(body)
                    .build();
        };
        var handlers = DirectHandlers.builder();
        for (DirectHandler.EventType event : DirectHandler.EventType.values()) {
            handlers.addHandler(event, handler);
        }
        return handlers.build();
    }

    void send(ServerRequest request, ServerResponse response, Throwable error) {
        String path = request.path().absolute().path();
        Problem problem = toProblem(error);
        String requestId = RequestIds.of(request);
        if (problem.status() >= 500 && !(error instanceof Problem)) {
            LOG.log(
                    Level.ERROR,
                    "request " + requestId + " " + request.prologue().method().text() + " " + path + " failed",
                    error);
        }
        ErrorDialect.Answer answer =
                dialectOf(path).flatMap(dialect -> dialect.answer(error)).orElse(null);
        if (answer != null) {
            response.status(Status.create(answer.status()));
            answer.headers().forEach((name, value) -> response.header(HeaderNames.create(name), value));
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
            response.send(Json.write(answer.body()));
            return;
        }
        response.status(Status.create(problem.status()));
        response.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        problem.headers().forEach((name, value) -> response.header(HeaderNames.create(name), value));
        Map<String, Object> body = new LinkedHashMap<>(problem.body(path, requestId));
        response.send(Json.write(body));
    }

    private Optional<ErrorDialect> dialectOf(String path) {
        return dialects.entrySet().stream()
                .filter(entry -> path.startsWith(entry.getKey()))
                .max(Comparator.comparingInt(entry -> entry.getKey().length()))
                .map(Map.Entry::getValue);
    }
}
