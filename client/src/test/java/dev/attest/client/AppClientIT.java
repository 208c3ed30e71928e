package dev.attest.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.testing.SteppingClock;
import dev.attest.testing.TestClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK acting as a developer app against a real server: it exchanges the app's client credentials for an access
 * token, keeps it until shortly before it expires (the server's clock and the SDK's are moved together), and when the
 * app's secret is reset while it sends, every later send fails with 401 and a reason that says what happened — no event
 * it saw acknowledged is missing, none is dropped without a word.
 */
class AppClientIT {
    private static final String TOKEN_ROUTE = "method=\"POST\",route=\"/oauth/token\",status=\"200\"";
    private static final String REFUSED_EVENTS =
            "method=\"POST\",route=\"/v1/organizations/{org}/events\",status=\"401\"";

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A management call with the organization's key of every scope; the answer as JSON. */
    private Map<?, ?> manage(LiveServer server, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(server.uri() + "/v1/organizations/" + server.org.value() + path))
                        .header("Authorization", "Bearer " + server.key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return (Map<?, ?>) java.util.Objects.requireNonNull(JsonReader.read(response.body()));
    }

    private static AppCredentials credentials(Map<?, ?> app) {
        return AppCredentials.of(String.valueOf(app.get("client_id")), String.valueOf(app.get("client_secret")));
    }

    /** The count of answered requests with these labels, once the server has counted {@code atLeast} of them. */
    private static long count(LiveServer server, String labels, long atLeast) throws Exception {
        long seen = 0;
        for (int i = 0; i < 50; i++) {
            seen = 0;
            for (String line : server.metrics().lines().toList()) {
                if (line.startsWith("attest_http_requests_seconds_count{") && line.contains(labels)) {
                    seen = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            if (seen >= atLeast) {
                return seen;
            }
            // The request log counts a request just after its answer is sent.
            Thread.sleep(100);
        }
        return seen;
    }

    private static Event sentByApp(String id, Map<?, ?> app) {
        return Event.builder("invoice.paid")
                .clock(TestClock.clock())
                .id(id)
                .actor(Actor.app(String.valueOf(app.get("id"))))
                .target(Target.of("invoice", id, null))
                .payload("amount", 1200)
                .build();
    }

    @Test
    void appClient_withThePortalScope_issuesViewerTokens_withoutIt_isToldWhy() throws Exception {
        try (var server = new LiveServer(data)) {
            Map<?, ?> portal = manage(server, "/apps", "{\"name\": \"portal\", \"scopes\": [\"portal\"]}");
            Map<?, ?> writer = manage(server, "/apps", "{\"name\": \"billing\", \"scopes\": [\"events:write\"]}");
            ViewerRequest request =
                    ViewerRequest.builder().viewer("cust_42", null, null).build();

            try (var client = AttestClient.builder(server.uri(), server.org.value(), credentials(portal))
                    .build()) {
                assertThat(client.viewerToken(request).token()).startsWith("avt_");
            }
            try (var client = AttestClient.builder(server.uri(), server.org.value(), credentials(writer))
                    .build()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.portalLink(request))
                        .isInstanceOf(ViewerAccessException.class)
                        .hasMessageContaining("portal");
            }
        }
    }

    @Test
    void appClient_keepsItsTokenUntilShortlyBeforeExpiry_thenFetchesANewOne_neverRefused() throws Exception {
        var clock = new SteppingClock();
        try (var server = new LiveServer(data, clock)) {
            Map<?, ?> app = manage(server, "/apps", "{\"name\": \"billing\", \"scopes\": [\"events:write\"]}");
            try (var client = AttestClient.builder(server.uri(), server.org.value(), credentials(app))
                    .clock(clock)
                    .build()) {
                for (int i = 0; i < 3; i++) {
                    assertThat(client.send(sentByApp("first-" + i, app)).created())
                            .isTrue();
                }
                assertThat(count(server, TOKEN_ROUTE, 1)).as("tokens fetched").isEqualTo(1);

                // 20 s before the server would refuse the token, the SDK has replaced it.
                clock.advance(Duration.ofMinutes(14).plusSeconds(40));
                client.send(sentByApp("second", app));
                assertThat(count(server, TOKEN_ROUTE, 2)).as("tokens fetched").isEqualTo(2);

                clock.advance(Duration.ofMinutes(16));
                CompletableFuture<SendResult> third = client.enqueue(sentByApp("third", app));
                client.flush();
                assertThat(third).isCompleted();
                assertThat(count(server, TOKEN_ROUTE, 3)).as("tokens fetched").isEqualTo(3);
            }
            assertThat(count(server, REFUSED_EVENTS, 0)).as("events refused").isZero();
            assertThat(server.events())
                    .extracting(event -> event.id().value())
                    .contains("first-0", "first-1", "first-2", "second", "third");
        }
    }

    @Test
    void resetSecret_whileTheSdkSends_everyLaterSendFailsWith401SayingSo_noAcknowledgedEventLost() throws Exception {
        try (var server = new LiveServer(data)) {
            Map<?, ?> app = manage(server, "/apps", "{\"name\": \"billing\", \"scopes\": [\"events:write\"]}");
            String secret = String.valueOf(app.get("client_secret"));
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            var reset = new AtomicBoolean();
            var lateSuccess = new AtomicReference<String>();
            var refusal = new AtomicReference<FailedEvent>();
            var halfway = new CountDownLatch(20);
            var refused = new CountDownLatch(1);
            AttestClient client = AttestClient.builder(server.uri(), server.org.value(), credentials(app))
                    .build();
            Thread producer = Thread.ofPlatform().start(() -> {
                for (int i = 0; refused.getCount() > 0 && i < 10_000; i++) {
                    boolean after = reset.get();
                    Event event = sentByApp("stream-" + i, app);
                    try {
                        client.send(event);
                        acknowledged.add(event.id());
                        halfway.countDown();
                        if (after) {
                            lateSuccess.set(event.id());
                        }
                    } catch (DeliveryException e) {
                        refusal.set(e.failures().getFirst());
                        refused.countDown();
                    }
                }
            });
            assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();

            Map<?, ?> fresh = manage(server, "/apps/" + app.get("id") + "/secret", "");
            reset.set(true);

            assertThat(refused.await(60, TimeUnit.SECONDS)).isTrue();
            producer.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(lateSuccess.get())
                    .as("an event sent after the reset answered")
                    .isNull();
            FailedEvent failure = refusal.get();
            assertThat(failure.status()).isEqualTo(401);
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.reason())
                    .contains("invalid_client", "secret was reset")
                    .doesNotContain(secret);

            // The asynchronous path says it as clearly: the future fails, and so does flush().
            CompletableFuture<SendResult> later = client.enqueue(sentByApp("after-reset", app));
            DeliveryException flushed =
                    org.junit.jupiter.api.Assertions.assertThrows(DeliveryException.class, client::flush);
            assertThat(flushed.failures())
                    .singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains("invalid_client"));
            assertThat(later).isCompletedExceptionally();
            client.close();

            try (var renewed = AttestClient.builder(server.uri(), server.org.value(), credentials(fresh))
                    .build()) {
                assertThat(renewed.send(sentByApp("with-new-secret", app)).created())
                        .isTrue();
            }
            List<String> stored =
                    server.events().stream().map(event -> event.id().value()).toList();
            assertThat(stored)
                    .containsAll(acknowledged)
                    .contains("with-new-secret")
                    .doesNotContain("after-reset");
            assertThat(server.events())
                    .filteredOn(event -> event.id().value().equals("with-new-secret"))
                    .singleElement()
                    .satisfies(event -> assertThat(event.actor().type().wire()).isEqualTo("app"));
        }
    }
}
