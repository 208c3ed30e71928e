package dev.attest.storage.jdbc;

import java.time.Instant;

/** Instants as epoch microseconds, the precision of the event format. */
public final class Micros {
    private Micros() {}

    /**
     * The epoch microseconds of {@code instant}, sub-microsecond digits dropped.
     *
     * @throws ArithmeticException if they do not fit in a {@code long} (beyond the years ±292,000)
     */
    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
