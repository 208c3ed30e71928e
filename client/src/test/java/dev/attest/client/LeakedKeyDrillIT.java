package dev.attest.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leaked-key drill of issue 13: a producer keeps sending with the SDK while its key is regenerated. Every send that
 * starts after the regeneration answered is refused (401), the new key works at once, and no event the SDK saw
 * acknowledged is missing from the log.
 */
class LeakedKeyDrillIT {
    private static final Pattern FIELD = Pattern.compile("\"(id|key)\":\"([^\"]+)\"");

    @TempDir
    Path data;

    private static String field(String json, String name, int occurrence) {
        Matcher matcher = FIELD.matcher(json);
        int seen = 0;
        while (matcher.find()) {
            if (matcher.group(1).equals(name) && seen++ == occurrence) {
                return matcher.group(2);
            }
        }
        throw new AssertionError("no " + name + " in " + json);
    }

    @Test
    void regenerate_whileTheSdkSends_oldKeyRefusedFromTheNextRequest_noAcknowledgedEventLost() throws Exception {
        try (var server = new LiveServer(data)) {
            HttpClient http = HttpClient.newHttpClient();
            String keys = server.uri() + "/v1/organizations/" + server.org.value() + "/api-keys";
            // The security team's own key, to rotate the producer's.
            String admin = field(
                    http.send(
                                    HttpRequest.newBuilder(URI.create(keys))
                                            .header("Authorization", "Bearer " + server.key)
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(
                                                    "{\"name\": \"security\", \"scopes\": [\"admin\"]}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body(),
                    "key",
                    0);
            String producerKeyId = field(
                    http.send(
                                    HttpRequest.newBuilder(URI.create(keys))
                                            .header("Authorization", "Bearer " + admin)
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body(),
                    "id",
                    0);

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            var regenerated = new AtomicBoolean();
            var lateSuccess = new AtomicReference<String>();
            var refused = new CountDownLatch(1);
            var halfway = new CountDownLatch(20);
            Thread producer = Thread.ofPlatform().start(() -> {
                try (var client = server.client().build()) {
                    for (int i = 0; refused.getCount() > 0 && i < 10_000; i++) {
                        boolean after = regenerated.get();
                        Event event = AttestClientIT.invoicePaid("drill-" + i);
                        try {
                            client.send(event);
                            acknowledged.add(event.id());
                            halfway.countDown();
                            if (after) {
                                lateSuccess.set(event.id());
                            }
                        } catch (DeliveryException e) {
                            assertThat(e.failures().getFirst().status()).isEqualTo(401);
                            refused.countDown();
                        }
                    }
                } catch (DeliveryException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();

            HttpResponse<String> rotated = http.send(
                    HttpRequest.newBuilder(URI.create(keys + "/" + producerKeyId + "/regenerate"))
                            .header("Authorization", "Bearer " + admin)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            regenerated.set(true);

            assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
            assertThat(refused.await(60, TimeUnit.SECONDS)).isTrue();
            producer.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(lateSuccess.get())
                    .as("an event sent after the regeneration answered")
                    .isNull();
            String fresh = field(rotated.body(), "key", 0);
            try (var client = AttestClient.builder(server.uri(), server.org.value(), fresh)
                    .build()) {
                assertThat(client.send(AttestClientIT.invoicePaid("after-rotation"))
                                .created())
                        .isTrue();
            }
            List<String> stored =
                    server.events().stream().map(event -> event.id().value()).toList();
            assertThat(stored).containsAll(acknowledged).contains("after-rotation");
        }
    }
}
