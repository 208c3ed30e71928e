package dev.attest.core.event;

import java.time.Duration;
import java.time.Instant;

/** The limits every event and request must respect; each broken limit is a {@link Violation} naming it. */
public final class Limits {
    /** The largest event, as the bytes of its JSON in the request. */
    public static final int MAX_EVENT_BYTES = 32 * 1024;

    /** The most events in one request. */
    public static final int MAX_BATCH = 1_000;

    /** How far in the future {@code occurred_at} may lie, to allow for producers' clock skew. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    /** The earliest {@code occurred_at} accepted. */
    public static final Instant EARLIEST = Instant.EPOCH;

    /** The deepest nesting of objects and arrays inside {@code payload}. */
    public static final int MAX_PAYLOAD_DEPTH = 16;

    /** The longest key of a payload object. */
    public static final int MAX_PAYLOAD_KEY = 128;

    public static final int MAX_ID = 256;
    public static final int MAX_NAME = 512;
    public static final int MAX_EMAIL = 320;
    public static final int MAX_ROLE = 64;
    public static final int MAX_TYPE = 64;
    public static final int MAX_USER_AGENT = 1_024;
    public static final int MAX_REQUEST_ID = 256;

    /** Integers beyond ±2^53 do not survive a round trip through an IEEE 754 double (RFC 8785 §3.2.2.3). */
    public static final long MAX_SAFE_INTEGER = (1L << 53);

    private Limits() {}
}
