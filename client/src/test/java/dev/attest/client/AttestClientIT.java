package dev.attest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.attest.testing.TestClock;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestClientIT {
    @TempDir
    Path data;

    static Event invoicePaid(String id) {
        return Event.builder("invoice.paid")
                .clock(TestClock.clock())
                .id(id)
                .actor(Actor.apiKey("atk_1"))
                .target(Target.of("invoice", id, null))
                .payload("amount", 1200)
                .build();
    }

    @Test
    void send_sameEventTwice_secondIsADuplicateWithTheOriginalSeq() throws DeliveryException {
        try (var server = new LiveServer(data);
                var client = server.client().build()) {
            Event event = invoicePaid("inv-1");
            SendResult first = client.send(event);
            SendResult again = client.send(event);

            assertThat(first.created()).isTrue();
            assertThat(again.created()).isFalse();
            assertThat(again.seq()).isEqualTo(first.seq());
            assertThat(server.events()).hasSize(1);
        }
    }

    @Test
    void sendAll_oneRejectedEvent_othersDelivered_andTheRejectedOneNamedWithItsRule() throws DeliveryException {
        try (var server = new LiveServer(data);
                var client = server.client().build()) {
            Event bad = Event.builder("invoice.paid")
                    .clock(TestClock.clock())
                    .actor(Actor.member("usr_1"))
                    .context(Context.ip("not-an-address"))
                    .build();
            List<Event> events = List.of(invoicePaid("a"), bad, invoicePaid("b"));

            DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> client.sendAll(events));

            assertThat(e.failures()).hasSize(1);
            FailedEvent failure = e.failures().getFirst();
            assertThat(failure.event()).isSameAs(bad);
            assertThat(failure.status()).isEqualTo(400);
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.reason()).contains("context.ip must be an IPv4 or IPv6 address");
            assertThat(server.events()).extracting(ev -> ev.id().value()).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void enqueue_manyEvents_deliveredInBatches_flushReportsNothing() throws Exception {
        try (var server = new LiveServer(data);
                var client = server.client().maxBatchSize(100).build()) {
            var futures = new ArrayList<CompletableFuture<SendResult>>();
            for (int i = 0; i < 1_000; i++) {
                futures.add(client.enqueue(invoicePaid("e" + i)));
            }
            client.flush();

            assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            assertThat(client.pending()).isZero();
            assertThat(server.events()).hasSize(1_000);
        }
    }

    @Test
    void enqueue_serverUnreachable_failFastWhenFull_andCloseNamesEveryTakenEvent() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var client = AttestClient.builder(URI.create("http://127.0.0.1:" + port), "org_x", "atk_x")
                .bufferSize(2)
                .senders(1)
                .linger(Duration.ZERO)
                .overflow(AttestClient.Overflow.FAIL_FAST)
                .retry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(100)))
                .build();
        var taken = new ArrayList<Event>();
        BufferFullException full = null;
        for (int i = 0; i < 10 && full == null; i++) {
            Event event = invoicePaid("x" + i);
            try {
                var unused = client.enqueue(event);
                taken.add(event);
            } catch (BufferFullException e) {
                full = e;
            }
        }
        assertThat(full).isNotNull().hasMessageContaining("was not taken");

        DeliveryException e = catchThrowableOfType(DeliveryException.class, client::close);

        assertThat(e.failures()).extracting(FailedEvent::event).containsExactlyInAnyOrderElementsOf(taken);
        assertThat(e.failures()).allMatch(f -> f.retryable() && f.status() == 0);
        assertThatThrownBy(() -> client.enqueue(invoicePaid("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void send_wrongKey_failsWithoutRetry() {
        try (var server = new LiveServer(data)) {
            var client = AttestClient.builder(server.uri(), server.org.value(), "atk_wrong")
                    .build();
            DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> client.send(invoicePaid("k")));
            assertThat(e.failures().getFirst().status()).isEqualTo(401);
            assertThat(e.failures().getFirst().retryable()).isFalse();
        }
    }
}
