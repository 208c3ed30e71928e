package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsIT {
    private static final String TOKEN = "scrape-token-7f3a";

    @TempDir
    Path data;

    @Test
    void metrics_before1000EventsAndAfter_countersAndHistogramsMove() throws InterruptedException {
        try (var server = new TestServer(
                dev.attest.storage.sqlite.SqliteStorage.open(data, 4), b -> b.metrics("127.0.0.1", 0, TOKEN))) {
            String before = scrape(server);

            for (int batch = 0; batch < 10; batch++) {
                var events = new StringBuilder("[");
                for (int i = 0; i < 100; i++) {
                    events.append(i == 0 ? "" : ",").append(Documents.roleChange("evt-" + batch + "-" + i));
                }
                assertThat(server.postAcme(events.append(']').toString()).status())
                        .isEqualTo(201);
            }
            assertThat(server.postAcme("{\"action\": 7}").status()).isEqualTo(400);
            server.awaitAcmeCheckpoint(1000);
            String after = scrape(server);

            assertThat(value(after, "attest_sequencer_events_total", "")
                            - value(before, "attest_sequencer_events_total", ""))
                    .isEqualTo(1000);
            assertThat(value(after, "attest_sequencer_groups_total", "")).isGreaterThan(0);
            String accepted = "outcome=\"accepted\"";
            assertThat(value(after, "attest_ingest_requests_seconds_count", accepted)
                            - value(before, "attest_ingest_requests_seconds_count", accepted))
                    .isEqualTo(10);
            assertThat(value(after, "attest_ingest_requests_seconds_count", "outcome=\"rejected\""))
                    .isEqualTo(1);
            // The histogram's top bucket holds every request; the sum of latencies grew.
            assertThat(value(after, "attest_ingest_requests_seconds_bucket", accepted, "le=\"+Inf\""))
                    .isEqualTo(10);
            assertThat(value(after, "attest_ingest_requests_seconds_sum", accepted))
                    .isGreaterThan(0);
            assertThat(value(
                            after,
                            "attest_http_requests_seconds_count",
                            "method=\"POST\",route=\"/v1/organizations/{org}/events\",status=\"201\""))
                    .isEqualTo(10);
            assertThat(value(after, "attest_checkpoint_lag_seconds_count", ""))
                    .isGreaterThan(value(before, "attest_checkpoint_lag_seconds_count", ""));
            assertThat(after)
                    .contains("attest_sequencer_queue_events ")
                    .contains("attest_checkpoint_lag_max_seconds ")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_uptime_seconds")
                    // Bounded cardinality: no organization id in any label.
                    .doesNotContain(server.acmeId().value());
        }
    }

    @Test
    void metrics_withoutTheToken_401_andNeverOnThePublicPort() {
        try (var server = new TestServer(
                dev.attest.storage.sqlite.SqliteStorage.open(data, 4), b -> b.metrics("127.0.0.1", 0, TOKEN))) {
            int port = server.server.metricsPort().orElseThrow();
            assertThat(server.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .header("Authorization", "Bearer wrong")
                                    .build())
                            .status())
                    .isEqualTo(401);
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/metrics"))
                                    .build())
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void requestLog_oneLinePerRequest_namesIdRouteStatusDuration_neverTheKeyOrPath() {
        var records = new ArrayList<LogRecord>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger("dev.attest.http");
        logger.addHandler(capture);
        try (var server = new TestServer(data)) {
            server.send(HttpRequest.newBuilder(server.uri(server.eventsPath(server.acmeId()) + "?q=secret-filter"))
                    .header("Authorization", "Bearer " + server.acmeKey())
                    .header("X-Request-Id", "req-log-test-1")
                    .build());
        } finally {
            logger.removeHandler(capture);
        }
        List<String> lines = records.stream()
                .map(record -> new java.util.logging.SimpleFormatter().formatMessage(record))
                .filter(line -> line.contains("req-log-test-1"))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst())
                .matches("request id=req-log-test-1 route=GET /v1/organizations/\\{org\\}/events status=200"
                        + " duration_ms=\\d+\\.\\d\\d");
        assertThat(records.stream().map(LogRecord::getMessage).toList())
                .noneMatch(message -> message.contains("secret-filter"));
    }

    private static String scrape(TestServer server) {
        int port = server.server.metricsPort().orElseThrow();
        TestServer.Reply reply = server.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .header("Authorization", "Bearer " + TOKEN)
                .build());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/plain");
        return reply.raw().body();
    }

    /** The value of the series {@code name} whose labels contain each of {@code labels}; 0 when there is none. */
    private static double value(String scrape, String name, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{.*\\})? (\\S+)$")
                .matcher(scrape);
        while (line.find()) {
            String found = line.group(1) == null ? "" : line.group(1);
            if (java.util.Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }
}
