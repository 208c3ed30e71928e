package dev.attest.server.console;

import dev.attest.core.store.RateLimitStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Slows down the guessing of secrets — passwords and second-factor codes alike: at most 5 attempts that did not succeed
 * per email, and 20 per client address, in a window of 15 minutes from the first; further attempts are refused until
 * the window has passed. The counts live in the database ({@link RateLimitStore}), so that they hold across every
 * server process of an installation: one upsert per key and attempt.
 *
 * <p>An attempt is counted <em>before</em> its secret is checked, in the same atomic statement that reads the count,
 * so that concurrent attempts cannot all pass the check before any of them is counted; one refused here is taken back,
 * and one that succeeds gives the address its attempt back and starts the email afresh. Windows that have passed are
 * purged at most once a minute.
 *
 * <p>Thread-safe.
 */
final class SignInThrottle {
    static final int PER_EMAIL = 5;
    static final int PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    /**
     * The purpose of the throttle of secrets checked for a signed-in member (the current password, a code that turns
     * MFA off): counted apart from sign-ins, so that a stolen session cannot guess them without limit, nor lock the
     * member out of signing in by trying.
     */
    static final String ACCOUNT = "account";

    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final RateLimitStore limits;
    private final Clock clock;
    private final String purpose;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.MIN);

    /** The throttle of sign-ins and their second factors. */
    SignInThrottle(RateLimitStore limits, Clock clock) {
        this(limits, clock, "sign-in");
    }

    /**
     * A throttle with counters of its own, e.g. {@code password-reset} for reset requests: its attempts do not use up
     * the sign-in's.
     */
    SignInThrottle(RateLimitStore limits, Clock clock, String purpose) {
        this.limits = limits;
        this.clock = clock;
        this.purpose = purpose;
    }

    /**
     * Counts an attempt for this email from this address and says whether it may go ahead. An attempt refused here
     * is not counted.
     */
    boolean tryAttempt(String email, String address) {
        Instant now = clock.instant();
        purgeNow(now);
        long byEmail = limits.hit(emailKey(email), now, WINDOW);
        long byAddress = limits.hit(addressKey(address), now, WINDOW);
        if (byEmail > PER_EMAIL || byAddress > PER_ADDRESS) {
            limits.giveBack(emailKey(email));
            limits.giveBack(addressKey(address));
            return false;
        }
        return true;
    }

    /** The attempt succeeded: the email starts afresh, and the address gets its attempt back. */
    void succeeded(String email, String address) {
        limits.reset(emailKey(email));
        limits.giveBack(addressKey(address));
    }

    private void purgeNow(Instant now) {
        Instant last = lastPurge.get();
        if (now.isAfter(last.plus(PURGE_EVERY)) && lastPurge.compareAndSet(last, now)) {
            limits.purge(now.minus(WINDOW));
        }
    }

    private String emailKey(String email) {
        return purpose + ":e:" + email.toLowerCase(Locale.ROOT);
    }

    private String addressKey(String address) {
        return purpose + ":a:" + address;
    }
}
