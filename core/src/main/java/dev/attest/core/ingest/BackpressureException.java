package dev.attest.core.ingest;

import java.time.Duration;

/** The writer queue is full; nothing of the request was taken. Retry after {@link #retryAfter()}. */
public final class BackpressureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public BackpressureException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
