package dev.attest.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    private static final Instant START = Instant.parse("2026-12-31T23:59:50Z");

    /** A clock the test moves by hand. */
    private static final class Hands extends Clock {
        private volatile Instant now = START;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    @Test
    void parallelAttempts_fromOneAddress_neverExceedTheLimit() throws Exception {
        for (int round = 0; round < 20; round++) {
            var throttle = new SignInThrottle(new Hands());
            int threads = 60;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            var ready = new CountDownLatch(threads);
            var go = new CountDownLatch(1);
            var results = new ArrayList<Future<Boolean>>();
            for (int i = 0; i < threads; i++) {
                String email = "guess" + i + "@acme.test";
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return throttle.tryAttempt(email, "203.0.113.9");
                }));
            }
            ready.await();
            go.countDown();
            int allowed = 0;
            for (Future<Boolean> result : results) {
                allowed += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            pool.shutdown();

            assertThat(allowed).as("round %d", round).isEqualTo(SignInThrottle.PER_ADDRESS);
        }
    }

    @Test
    void email_fiveAttemptsFromAnywhere_thenRefusedUntilTheWindowPassed() {
        var clock = new Hands();
        var throttle = new SignInThrottle(clock);
        for (int i = 0; i < SignInThrottle.PER_EMAIL; i++) {
            assertThat(throttle.tryAttempt("Ada@Acme.test", "198.51.100." + i)).isTrue();
        }

        assertThat(throttle.tryAttempt("ada@acme.test", "198.51.100.99")).isFalse();
        clock.advance(SignInThrottle.WINDOW.minusSeconds(1));
        assertThat(throttle.tryAttempt("ada@acme.test", "198.51.100.99")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.tryAttempt("ada@acme.test", "198.51.100.99")).isTrue();
    }

    @Test
    void success_givesTheAttemptBack_soAnOfficeBehindOneAddressIsNotLockedOut() {
        var throttle = new SignInThrottle(new Hands());
        for (int i = 0; i < 100; i++) {
            String email = "person" + i + "@acme.test";
            assertThat(throttle.tryAttempt(email, "203.0.113.9")).isTrue();
            throttle.succeeded(email, "203.0.113.9");
        }
        for (int i = 0; i < SignInThrottle.PER_ADDRESS; i++) {
            assertThat(throttle.tryAttempt("typo" + i + "@acme.test", "203.0.113.9"))
                    .isTrue();
        }

        assertThat(throttle.tryAttempt("late@acme.test", "203.0.113.9")).isFalse();
    }

    @Test
    void refusedAttempts_areNotCounted_andSuccessClearsTheEmail() {
        var throttle = new SignInThrottle(new Hands());
        for (int i = 0; i < SignInThrottle.PER_EMAIL - 1; i++) {
            assertThat(throttle.tryAttempt("ada@acme.test", "203.0.113.9")).isTrue();
        }
        assertThat(throttle.tryAttempt("ada@acme.test", "203.0.113.9")).isTrue();
        throttle.succeeded("ada@acme.test", "203.0.113.9");

        for (int i = 0; i < SignInThrottle.PER_EMAIL; i++) {
            assertThat(throttle.tryAttempt("ada@acme.test", "203.0.113.9")).isTrue();
        }
        assertThat(throttle.tryAttempt("ada@acme.test", "203.0.113.9")).isFalse();
    }

    @Test
    void memory_isBounded_forgettingPassedWindowsAndThenTheOldest() {
        var clock = new Hands();
        var throttle = new SignInThrottle(clock, 1_000);
        for (int i = 0; i < 5_000; i++) {
            throttle.tryAttempt("spray" + i + "@acme.test", "198.51.100." + (i % 250));
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(1_000);

        clock.advance(SignInThrottle.WINDOW);
        throttle.tryAttempt("ada@acme.test", "203.0.113.9");

        assertThat(throttle.size()).isEqualTo(2);
    }
}
