package dev.attest.core.store;

import java.time.Instant;

/**
 * How many events of a query fall in one time bucket, and how many of them failed.
 *
 * @param start inclusive start of the bucket; it ends where the next one starts
 */
public record VolumeBucket(Instant start, long events, long failures) {}
