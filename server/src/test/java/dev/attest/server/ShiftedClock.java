package dev.attest.server;

import dev.attest.testing.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The tests' clock, moved forward on demand: for links that expire. Thread-safe. */
final class ShiftedClock extends Clock {
    private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

    /** Moves this clock {@code by} further ahead. */
    void advance(Duration by) {
        shift.accumulateAndGet(by, Duration::plus);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the tests' clock is in UTC");
    }

    @Override
    public Instant instant() {
        return TestClock.clock().instant().plus(shift.get());
    }
}
