package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.store.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link dev.attest.core.store.RateLimitStore}. */
public abstract class RateLimitStoreContract {
    private static final Duration WINDOW = Duration.ofMinutes(15);

    protected Storage storage;

    /** The backend's storage, migrated; a second call within a test opens the same database again. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void hit_countsWithinTheWindow_thenStartsAnew() {
        assertThat(storage.rateLimits().hit("e:ada", T0, WINDOW)).isEqualTo(1);
        assertThat(storage.rateLimits().hit("e:ada", T0.plusSeconds(60), WINDOW))
                .isEqualTo(2);
        assertThat(storage.rateLimits().hit("e:bob", T0.plusSeconds(60), WINDOW))
                .isEqualTo(1);
        assertThat(storage.rateLimits().hit("e:ada", T0.plus(WINDOW).minusSeconds(1), WINDOW))
                .as("the window runs from the first attempt")
                .isEqualTo(3);
        assertThat(storage.rateLimits().hit("e:ada", T0.plus(WINDOW), WINDOW)).isEqualTo(1);
        assertThat(storage.rateLimits().hit("e:ada", T0.plus(WINDOW).plusSeconds(1), WINDOW))
                .isEqualTo(2);
    }

    @Test
    void giveBackAndReset() {
        storage.rateLimits().hit("a:1", T0, WINDOW);
        storage.rateLimits().hit("a:1", T0, WINDOW);
        storage.rateLimits().giveBack("a:1");
        assertThat(storage.rateLimits().hit("a:1", T0, WINDOW)).isEqualTo(2);

        storage.rateLimits().reset("a:1");
        storage.rateLimits().giveBack("a:1");
        storage.rateLimits().giveBack("never-seen");
        assertThat(storage.rateLimits().hit("a:1", T0, WINDOW)).isEqualTo(1);
        storage.rateLimits().giveBack("a:1");
        storage.rateLimits().giveBack("a:1");
        assertThat(storage.rateLimits().hit("a:1", T0, WINDOW))
                .as("never below zero")
                .isEqualTo(1);
    }

    @Test
    void purge_forgetsPassedWindowsOnly() {
        storage.rateLimits().hit("old", T0, WINDOW);
        storage.rateLimits().hit("new", T0.plusSeconds(600), WINDOW);

        assertThat(storage.rateLimits().purge(T0)).isEqualTo(1);
        assertThat(storage.rateLimits().hit("new", T0.plusSeconds(601), WINDOW)).isEqualTo(2);
        assertThat(storage.rateLimits().hit("old", T0.plusSeconds(601), WINDOW)).isEqualTo(1);
    }

    @Test
    void hit_concurrentlyFromTwoProcesses_everyAttemptCounted() throws Exception {
        try (Storage second = openStorage();
                var pool = Executors.newFixedThreadPool(8)) {
            var attempts = new ArrayList<Callable<Long>>();
            for (int i = 0; i < 40; i++) {
                Storage which = i % 2 == 0 ? storage : second;
                attempts.add(() -> which.rateLimits().hit("e:target", T0, WINDOW));
            }
            var counts = new ArrayList<Long>();
            for (Future<Long> done : pool.invokeAll(attempts)) {
                counts.add(done.get());
            }
            assertThat(counts)
                    .as("each attempt saw its own count")
                    .doesNotHaveDuplicates()
                    .hasSize(40);
            assertThat(counts.stream().mapToLong(Long::longValue).max().orElseThrow())
                    .isEqualTo(40);
        }
    }
}
