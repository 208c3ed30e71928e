package dev.attest.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server stops and starts again in the middle of a stream: nothing acknowledged is lost, nothing stored twice. */
class RestartIT {
    static final int EVENTS = 6_000;

    @TempDir
    Path data;

    @Test
    void stream_serverRestartedMidway_everyEventStoredExactlyOnce() throws Exception {
        var server = new LiveServer(data);
        var futures = new ArrayList<CompletableFuture<SendResult>>();
        try (var client = server.client()
                .maxBatchSize(200)
                .linger(Duration.ofMillis(5))
                .retry(new RetryPolicy(40, Duration.ofMillis(50), Duration.ofMillis(500)))
                .build()) {
            for (int i = 0; i < EVENTS; i++) {
                futures.add(client.enqueue(AttestClientIT.invoicePaid("s" + i)));
                if (i == EVENTS / 3) {
                    // Events are in flight and queued when the server goes away, and keep coming while it is down.
                    server.stop();
                    // Down long enough that requests fail to connect and are retried with backoff.
                    Thread.sleep(700);
                }
                if (i == EVENTS / 2) {
                    server.restart();
                }
                if (i % 500 == 0) {
                    Thread.sleep(20);
                }
            }
        }
        try {
            assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            List<Event> stored = server.events();
            assertThat(stored).hasSize(EVENTS);
            assertThat(new HashSet<>(stored.stream().map(e -> e.id().value()).toList()))
                    .hasSize(EVENTS);
            assertThat(stored.stream().mapToLong(Event::seq).sorted())
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, EVENTS).boxed().toList());
            long acknowledged = futures.stream()
                    .map(CompletableFuture::join)
                    .filter(SendResult::created)
                    .count();
            // Some were committed just before the stop and acknowledged again as duplicates after the restart.
            assertThat(acknowledged).isLessThanOrEqualTo(EVENTS);
        } finally {
            server.close();
        }
    }
}
