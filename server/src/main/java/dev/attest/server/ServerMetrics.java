package dev.attest.server;

import dev.attest.core.ingest.Sequencer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's meters, written in Prometheus' text format by {@link #scrape()}. Every label takes a bounded set of
 * values (route templates, status codes, a few outcomes), never an organization id: an installation with a million
 * organizations has the same series as one with one. The README lists each series and what it means.
 */
final class ServerMetrics implements AutoCloseable {
    /** Buckets for request latencies: 1 ms to 10 s. */
    private static final Duration[] LATENCY = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };
    /** Buckets for checkpoint lag: the checkpointer runs every second, so anything past a few is trouble. */
    private static final Duration[] LAG = {
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
        Duration.ofMinutes(15), Duration.ofHours(1)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer checkpointLag;
    private final AtomicLong checkpointLagMaxMillis = new AtomicLong();
    private final Counter checkpointFailures;

    ServerMetrics(Sequencer sequencer) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        FunctionCounter.builder("attest.sequencer.events", sequencer, Sequencer::committedEvents)
                .description("Events committed by the writer (replays of stored ids included)")
                .register(registry);
        FunctionCounter.builder("attest.sequencer.groups", sequencer, Sequencer::groups)
                .description("Transactions (groups of requests) committed; events / groups is the mean group size")
                .register(registry);
        FunctionCounter.builder("attest.sequencer.groups.aborted", sequencer, Sequencer::abortedGroups)
                .description("Transactions rolled back (their requests were retried alone or failed)")
                .register(registry);
        Gauge.builder("attest.sequencer.queue.events", sequencer, Sequencer::pendingEvents)
                .description("Events taken but not yet committed")
                .register(registry);
        checkpointLag = Timer.builder("attest.checkpoint.lag")
                .description("For each log found behind its checkpoint: how long its oldest unsigned event had waited")
                .serviceLevelObjectives(LAG)
                .register(registry);
        TimeGauge.builder(
                        "attest.checkpoint.lag.max",
                        checkpointLagMaxMillis,
                        TimeUnit.MILLISECONDS,
                        AtomicLong::doubleValue)
                .description("The largest checkpoint lag among the logs found behind in the latest round")
                .register(registry);
        checkpointFailures = Counter.builder("attest.checkpoint.failures")
                .description("Checkpoint rounds that failed")
                .register(registry);
    }

    /** Records one answered request. */
    void request(String route, int status, long nanos) {
        String method = route.substring(0, route.indexOf(' '));
        String template = route.substring(route.indexOf(' ') + 1);
        Timer.builder("attest.http.requests")
                .description("HTTP requests answered, by route template and status")
                .tags(Tags.of("method", method, "route", template, "status", String.valueOf(status)))
                .serviceLevelObjectives(LATENCY)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (Routes.INGEST.contains(route)) {
            Timer.builder("attest.ingest.requests")
                    .description("Ingest requests (all APIs) by outcome: their latency to the acknowledgement")
                    .tags("outcome", ingestOutcome(status))
                    .serviceLevelObjectives(LATENCY)
                    .register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS);
        } else if (route.equals(Routes.SIGN_IN) && (status == 401 || status == 429)) {
            Counter.builder("attest.sign.in.failures")
                    .description("Console sign-ins refused: wrong credentials, or throttled")
                    .tag("reason", status == 429 ? "rate_limited" : "invalid_credentials")
                    .register(registry)
                    .increment();
        }
    }

    private static String ingestOutcome(int status) {
        if (status == 429) {
            return "backpressure";
        }
        if (status < 300) {
            return "accepted";
        }
        return status < 500 ? "rejected" : "failed";
    }

    /** Records, for one round of the checkpointer, the lag of every log it found behind. */
    void checkpointRound(java.util.List<Duration> lags) {
        long max = 0;
        for (Duration lag : lags) {
            checkpointLag.record(lag);
            max = Math.max(max, lag.toMillis());
        }
        checkpointLagMaxMillis.set(max);
    }

    void checkpointFailed() {
        checkpointFailures.increment();
    }

    /** Every series, in the Prometheus text exposition format 0.0.4. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
