package dev.attest.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tests' clock ({@link TestClock}) that a test can move forward, e.g. by whole TOTP steps when it needs a fresh
 * code, or past an expiry. It never moves back. Thread-safe.
 */
public final class SteppingClock extends Clock {
    private final AtomicLong offsetNanos = new AtomicLong();

    /** Moves this clock forward by {@code duration}. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a stepping clock never moves back, not by " + duration);
        }
        offsetNanos.addAndGet(duration.toNanos());
    }

    @Override
    public Instant instant() {
        return TestClock.now().plusNanos(offsetNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the tests' clock is UTC");
    }
}
