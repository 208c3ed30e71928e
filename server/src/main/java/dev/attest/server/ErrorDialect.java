package dev.attest.server;

import java.util.Map;
import java.util.Optional;

/**
 * How the routes under one path answer errors when they imitate another service (WorkOS answers
 * {@code {"message": …}} documents, not problem documents). {@link ProblemMapper} asks the dialect of the request's
 * path first and falls back to an RFC 9457 problem document; it logs server errors either way.
 */
@FunctionalInterface
public interface ErrorDialect {
    /** The answer to {@code error} in this dialect, or empty to answer with Attest's problem document. */
    Optional<Answer> answer(Throwable error);

    /** A JSON answer: status, body, and extra headers such as {@code Retry-After}. */
    record Answer(int status, Object body, Map<String, String> headers) {
        public Answer {
            headers = Map.copyOf(headers);
        }
    }
}
