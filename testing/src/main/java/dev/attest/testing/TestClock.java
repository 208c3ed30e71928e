package dev.attest.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * What "now" is in a test: the one clock that every fixture needing the current time takes (test servers, test
 * events, the command line under test …), so that no test depends on the day it runs.
 *
 * <p>By default it is the machine's clock, in UTC. With the system property {@value #PROPERTY} set to an RFC 3339
 * instant (the build passes {@code -Dattest.test.now=2026-12-31T23:59:50Z} through to the test JVMs), it is a clock
 * that reads that instant when first used and then advances at the machine's pace: whole suites run at a month's or a
 * year's last seconds, or years ahead, without touching the machine's date. The same clock serves the whole JVM, so
 * every fixture in it agrees on the time. Thread-safe.
 */
public final class TestClock {
    /** The system property that sets the test JVM's "now", e.g. {@code 2031-03-01T00:00:00Z}; blank means the real time. */
    public static final String PROPERTY = "attest.test.now";

    private TestClock() {}

    /** The test JVM's clock (UTC). */
    public static Clock clock() {
        return Holder.CLOCK;
    }

    /** The test JVM's current instant. */
    public static Instant now() {
        return Holder.CLOCK.instant();
    }

    /**
     * The clock for a setting of {@value #PROPERTY}: {@code machine} itself when {@code now} is null or blank, else
     * {@code machine} shifted so that it reads {@code now} at this moment.
     *
     * @throws IllegalArgumentException when {@code now} is not an RFC 3339 date-time with an offset
     */
    static Clock of(@Nullable String now, Clock machine) {
        if (now == null || now.isBlank()) {
            return machine;
        }
        Instant start;
        try {
            start = OffsetDateTime.parse(now.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "the system property " + PROPERTY
                            + " must be an RFC 3339 instant such as 2026-12-31T23:59:50Z, not " + now,
                    e);
        }
        return Clock.offset(machine, Duration.between(machine.instant(), start));
    }

    /** Read once, on first use: every fixture of the JVM shares one timeline. */
    private static final class Holder {
        static final Clock CLOCK = of(System.getProperty(PROPERTY), Clock.systemUTC());
    }
}
