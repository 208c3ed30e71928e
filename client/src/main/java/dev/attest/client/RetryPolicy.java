package dev.attest.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a request is retried on connection errors, 408, 429 and 5xx: exponential backoff with
 * full jitter (attempt n waits a random time between 0 and {@code min(maxBackoff, initialBackoff × 2^(n-1))}), and
 * never less than the server's {@code Retry-After}. Retrying is always safe: event ids are fixed on the client.
 *
 * @param maxAttempts the most requests for one batch, the first included (≥ 1)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** 12 attempts from 100 ms up to 5 s apart: about half a minute of patience. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(12, Duration.ofMillis(100), Duration.ofSeconds(5));

    /** One attempt only. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** The wait before attempt {@code attempt + 1}, given the server's {@code Retry-After} (or zero). */
    Duration delay(int attempt, Duration retryAfter) {
        long cap = initialBackoff.toMillis() << Math.min(attempt - 1, 30);
        long ceiling = Math.min(maxBackoff.toMillis(), cap < 0 ? Long.MAX_VALUE : cap);
        long jittered = ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
        return retryAfter.compareTo(Duration.ofMillis(jittered)) > 0 ? retryAfter : Duration.ofMillis(jittered);
    }
}
