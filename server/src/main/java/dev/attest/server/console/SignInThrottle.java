package dev.attest.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after 5 failed sign-ins for one email, or 20 from one address, within 15 minutes,
 * further attempts are refused until the window has passed. Kept in memory: it protects one server process.
 */
final class SignInThrottle {
    static final int PER_EMAIL = 5;
    static final int PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Whether an attempt for this email from this address must be refused now. */
    boolean blocked(String email, String address) {
        return count("e:" + email.toLowerCase(Locale.ROOT)) >= PER_EMAIL || count("a:" + address) >= PER_ADDRESS;
    }

    void failed(String email, String address) {
        add("e:" + email.toLowerCase(Locale.ROOT));
        add("a:" + address);
    }

    void succeeded(String email) {
        failures.remove("e:" + email.toLowerCase(Locale.ROOT));
    }

    private int count(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            Instant cutoff = clock.instant().minus(WINDOW);
            while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
                times.removeFirst();
            }
            return times.size();
        }
    }

    private void add(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clock.instant());
        }
    }
}
