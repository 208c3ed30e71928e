package dev.attest.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows down password guessing: at most 5 sign-in attempts that did not succeed per email, and 20 per client address,
 * in a window of 15 minutes from the first; further attempts are refused until the window has passed. Kept in memory:
 * it protects one server process.
 *
 * <p>An attempt is counted <em>before</em> its password is checked, in the same atomic step as the check against
 * the limit, so that concurrent attempts cannot all pass the check before any of them is counted; one that succeeds
 * is then given back. Memory is bounded: at most {@link #MAX_KEYS} emails and addresses are tracked, windows that
 * have passed are dropped, and under a flood of new keys the oldest windows are forgotten first.
 *
 * <p>Thread-safe.
 */
final class SignInThrottle {
    static final int PER_EMAIL = 5;
    static final int PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int MAX_KEYS = 100_000;

    private final Clock clock;
    private final int maxKeys;
    /** In insertion order, which is the order of the windows' starts: the eldest entry is the first to expire. */
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();

    SignInThrottle(Clock clock) {
        this(clock, MAX_KEYS);
    }

    SignInThrottle(Clock clock, int maxKeys) {
        this.clock = clock;
        this.maxKeys = maxKeys;
    }

    /** Attempts of one key in one window; guarded by the throttle's lock. */
    private static final class Window {
        final Instant start;
        int attempts;

        Window(Instant start) {
            this.start = start;
        }
    }

    /**
     * Counts an attempt for this email from this address and says whether it may go ahead. An attempt refused here
     * is not counted.
     */
    synchronized boolean tryAttempt(String email, String address) {
        Instant now = clock.instant();
        dropPassed(now);
        Window byEmail = window(emailKey(email), now);
        Window byAddress = window("a:" + address, now);
        if (byEmail.attempts >= PER_EMAIL || byAddress.attempts >= PER_ADDRESS) {
            return false;
        }
        byEmail.attempts++;
        byAddress.attempts++;
        return true;
    }

    /** The attempt succeeded: the email starts afresh, and the address gets its attempt back. */
    synchronized void succeeded(String email, String address) {
        windows.remove(emailKey(email));
        Window byAddress = windows.get("a:" + address);
        if (byAddress != null && byAddress.attempts > 0) {
            byAddress.attempts--;
        }
    }

    /** How many emails and addresses are tracked now. */
    synchronized int size() {
        return windows.size();
    }

    private static String emailKey(String email) {
        return "e:" + email.toLowerCase(Locale.ROOT);
    }

    private Window window(String key, Instant now) {
        Window window = windows.get(key);
        if (window != null && now.isBefore(window.start.plus(WINDOW))) {
            return window;
        }
        windows.remove(key);
        var fresh = new Window(now);
        windows.put(key, fresh);
        Iterator<Map.Entry<String, Window>> eldest = windows.entrySet().iterator();
        while (windows.size() > maxKeys && eldest.hasNext()) {
            Map.Entry<String, Window> entry = eldest.next();
            if (entry.getValue() != fresh) {
                eldest.remove();
            }
        }
        return fresh;
    }

    private void dropPassed(Instant now) {
        Iterator<Window> oldest = windows.values().iterator();
        while (oldest.hasNext()) {
            if (now.isBefore(oldest.next().start.plus(WINDOW))) {
                return;
            }
            oldest.remove();
        }
    }
}
