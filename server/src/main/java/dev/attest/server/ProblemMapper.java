package dev.attest.server;

import dev.attest.core.event.InvalidEventException;
import dev.attest.core.ingest.BackpressureException;
import dev.attest.core.ingest.CommitTimeoutException;
import dev.attest.core.ingest.ShuttingDownException;
import dev.attest.core.store.InvalidCursorException;
import dev.attest.core.store.OrganizationNotFoundException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where exceptions become HTTP: an RFC 9457 {@code application/problem+json} document with a stable
 * {@code type}. Client errors (4xx) are expected and not logged as errors; server errors are logged with the request
 * id, never with the request body.
 */
final class ProblemMapper {
    private static final System.Logger LOG = System.getLogger(ProblemMapper.class.getName());

    private ProblemMapper() {}

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

    static void send(ServerRequest request, ServerResponse response, Throwable error) {
        Problem problem = toProblem(error);
        String requestId = RequestIds.of(request);
        if (problem.status() >= 500 && !(error instanceof Problem)) {
            LOG.log(
                    Level.ERROR,
                    "request " + requestId + " " + request.prologue().method().text() + " "
                            + request.path().absolute().path() + " failed",
                    error);
        }
        response.status(Status.create(problem.status()));
        response.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        problem.headers().forEach((name, value) -> response.header(HeaderNames.create(name), value));
        Map<String, Object> body =
                new LinkedHashMap<>(problem.body(request.path().absolute().path(), requestId));
        response.send(Json.write(body));
    }
}
