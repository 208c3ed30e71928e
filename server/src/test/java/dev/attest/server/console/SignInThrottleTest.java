package dev.attest.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.store.Storage;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throttle over a real SQLite database, as a server process uses it; two openings stand for two processes. */
class SignInThrottleTest {
    private static final Instant START = Instant.parse("2026-12-31T23:59:50Z");

    @TempDir
    Path data;

    Storage storage;

    @BeforeEach
    void open() {
        storage = SqliteStorage.open(data, 4);
    }

    @AfterEach
    void close() {
        storage.close();
    }

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
    void parallelAttempts_fromOneAddress_onTwoProcesses_neverExceedTheLimit() throws Exception {
        try (Storage other = SqliteStorage.open(data, 4)) {
            for (int round = 0; round < 3; round++) {
                var clock = new Hands();
                clock.advance(SignInThrottle.WINDOW.multipliedBy(round * 2L));
                var here = new SignInThrottle(storage.rateLimits(), clock);
                var there = new SignInThrottle(other.rateLimits(), clock);
                int threads = 40;
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                var ready = new CountDownLatch(threads);
                var go = new CountDownLatch(1);
                var results = new ArrayList<Future<Boolean>>();
                for (int i = 0; i < threads; i++) {
                    String email = "guess" + i + "@acme.test";
                    SignInThrottle throttle = i % 2 == 0 ? here : there;
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
                    allowed += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                pool.shutdown();

                assertThat(allowed).as("round %d", round).isEqualTo(SignInThrottle.PER_ADDRESS);
            }
        }
    }

    @Test
    void email_fiveAttemptsFromAnywhere_thenRefusedUntilTheWindowPassed() {
        var clock = new Hands();
        var throttle = new SignInThrottle(storage.rateLimits(), clock);
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
        var throttle = new SignInThrottle(storage.rateLimits(), new Hands());
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
        var clock = new Hands();
        var throttle = new SignInThrottle(storage.rateLimits(), clock);
        for (int i = 0; i < SignInThrottle.PER_EMAIL; i++) {
            assertThat(throttle.tryAttempt("ada@acme.test", "203.0.113.9")).isTrue();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.tryAttempt("ada@acme.test", "203.0.113.9")).isFalse();
        }
        throttle.succeeded("ada@acme.test", "203.0.113.9");

        for (int i = 0; i < SignInThrottle.PER_EMAIL; i++) {
            assertThat(throttle.tryAttempt("ada@acme.test", "203.0.113.9")).isTrue();
        }
        assertThat(throttle.tryAttempt("ada@acme.test", "203.0.113.9")).isFalse();
        assertThat(throttle.tryAttempt("bob@acme.test", "203.0.113.9"))
                .as("the refused attempts did not use up the address")
                .isTrue();
    }

    @Test
    void passedWindows_arePurged() {
        var clock = new Hands();
        var throttle = new SignInThrottle(storage.rateLimits(), clock);
        for (int i = 0; i < 50; i++) {
            throttle.tryAttempt("spray" + i + "@acme.test", "198.51.100." + i);
        }
        clock.advance(SignInThrottle.WINDOW.plusMinutes(1));
        throttle.tryAttempt("ada@acme.test", "203.0.113.9");

        assertThat(storage.rateLimits().purge(clock.instant()))
                .as("only the two live windows were left")
                .isEqualTo(2);
    }
}
