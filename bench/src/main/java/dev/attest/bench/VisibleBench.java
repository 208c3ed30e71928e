package dev.attest.bench;

import dev.attest.server.AttestServer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ingest-to-visible latency (issue 14): single events POSTed at a steady rate to a real server; for each, the time
 * from its 201 to the first answer of a query ({@code GET …/events?limit=1}, newest first) that holds it, and to the
 * first checkpoint ({@code GET …/checkpoint}) that covers it. Two pollers ask as fast as they can, so a figure includes
 * up to one poll's round trip, printed beside it as the baseline (a GET's own latency); the checkpoint's other baseline
 * is the server's checkpoint interval ({@code AttestServer.DEFAULT_CHECKPOINT_INTERVAL}, as {@code attest serve}).
 *
 * <pre>bench/run visible [--rate N] [--seconds N]     (default 100 events/s for 20 s; --quick 10 s)</pre>
 */
public final class VisibleBench {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern SIZE = Pattern.compile("\"size\":(\\d+)");

    private VisibleBench() {}

    public static void main(String[] args) throws Exception {
        int rate = 100;
        int seconds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> seconds = 10;
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        Clock clock = Clock.systemUTC();
        Path scratch = Files.createTempDirectory("attest-visible-bench");
        try {
            var report = new Report();
            measure(new SqliteBackend(scratch, clock), clock, rate, seconds, report, System.out);
            report.print(System.out);
        } finally {
            Bench.delete(scratch);
        }
    }

    /** (v1) and (v2): {@code rate} single events a second for {@code seconds} to a fresh store of {@code backend}. */
    static void measure(Backend backend, Clock clock, int rate, int seconds, Report report, PrintStream out)
            throws Exception {
        try (var target = new IngestBench.Server(backend.fresh("visible", 8, true), clock)) {
            String org = target.organization.value();
            // seq -> nanoTime of the first answer that showed it (query) or covered it (checkpoint)
            var seenInQuery = new ConcurrentSkipListMap<Long, Long>();
            var seenInCheckpoint = new ConcurrentSkipListMap<Long, Long>();
            var queryRoundTrips = new Latencies(1 << 16);
            var checkpointRoundTrips = new Latencies(1 << 16);
            var stop = new AtomicBoolean();
            Thread queries = poller(
                    target, "/v1/organizations/" + org + "/events?limit=1", SEQ, seenInQuery, queryRoundTrips, stop);
            Thread checkpoints = poller(
                    target,
                    "/v1/organizations/" + org + "/checkpoint",
                    SIZE,
                    seenInCheckpoint,
                    checkpointRoundTrips,
                    stop);
            Bodies bodies = Bodies.of(
                    Bodies.events(new EventMix(11, "acme.test", "Acme"), rate * seconds + 1, clock.instant()), 1, 'v');
            var acknowledged = new ArrayList<long[]>(); // {seq, nanoTime of the 201}
            long interval = 1_000_000_000L / rate;
            try (PlainHttp http = target.connect()) {
                long next = System.nanoTime();
                for (int i = 0; i < rate * seconds; i++) {
                    while (System.nanoTime() < next) {
                        Thread.onSpinWait();
                    }
                    next += interval;
                    PlainHttp.Response response = http.post(target.eventsPath(), bodies.next());
                    long at = System.nanoTime();
                    if (response.status() != 201) {
                        throw new IllegalStateException("POST answered " + response.status() + ": " + response.text());
                    }
                    Matcher seq = SEQ.matcher(response.text());
                    if (!seq.find()) {
                        throw new IllegalStateException("no seq in " + response.text());
                    }
                    acknowledged.add(new long[] {Long.parseLong(seq.group(1)), at});
                }
            }
            long last = acknowledged.getLast()[0];
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((seenInQuery.ceilingKey(last) == null || seenInCheckpoint.ceilingKey(last) == null)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            stop.set(true);
            queries.join();
            checkpoints.join();
            Latencies toQuery = delays(acknowledged, seenInQuery);
            Latencies toCheckpoint = delays(acknowledged, seenInCheckpoint);
            out.printf(
                    Locale.ROOT,
                    "ingest to visible: %,d single events at %d/s, p50 / p99 / max in ms%n"
                            + "(v1) 201 -> in a query         %8.2f %8.2f %8.2f   (target p99 <= 1000)%n"
                            + "     baseline: one query GET    %8.2f %8.2f %8.2f%n"
                            + "(v2) 201 -> in a checkpoint    %8.2f %8.2f %8.2f   (target p99 <= 1000)%n"
                            + "     baseline: one checkpoint GET %6.2f %8.2f %8.2f; checkpoint interval %d%n",
                    acknowledged.size(),
                    rate,
                    toQuery.percentileMillis(50),
                    toQuery.percentileMillis(99),
                    toQuery.percentileMillis(100),
                    queryRoundTrips.percentileMillis(50),
                    queryRoundTrips.percentileMillis(99),
                    queryRoundTrips.percentileMillis(100),
                    toCheckpoint.percentileMillis(50),
                    toCheckpoint.percentileMillis(99),
                    toCheckpoint.percentileMillis(100),
                    checkpointRoundTrips.percentileMillis(50),
                    checkpointRoundTrips.percentileMillis(99),
                    checkpointRoundTrips.percentileMillis(100),
                    AttestServer.DEFAULT_CHECKPOINT_INTERVAL.toMillis());
            String at = Bench.count(acknowledged.size()) + " single events at " + rate + "/s";
            report.add(new Report.Row(
                    "(v1) 201 -> visible in a query (GET …/events?limit=1 polled), " + at,
                    Bench.millis(toQuery),
                    "one GET " + Bench.millis(queryRoundTrips),
                    "",
                    "p99 <= 1 s",
                    Report.verdict(toQuery.percentileMillis(99) <= 1_000)));
            report.add(new Report.Row(
                    "(v2) 201 -> covered by a signed checkpoint (interval "
                            + AttestServer.DEFAULT_CHECKPOINT_INTERVAL.toMillis() + " ms), " + at,
                    Bench.millis(toCheckpoint),
                    "one GET " + Bench.millis(checkpointRoundTrips),
                    "",
                    "p99 <= 1 s",
                    Report.verdict(toCheckpoint.percentileMillis(99) <= 1_000)));
        }
    }

    /** Asks {@code path} in a loop; records when each new highest number ({@code pattern}) was first seen. */
    private static Thread poller(
            IngestBench.Server target,
            String path,
            Pattern pattern,
            ConcurrentSkipListMap<Long, Long> seen,
            Latencies roundTrips,
            AtomicBoolean stop) {
        return Thread.ofPlatform().start(() -> {
            long highest = 0;
            try (PlainHttp http = target.connect()) {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    PlainHttp.Response response = http.get(path);
                    long at = System.nanoTime();
                    roundTrips.add(at - start);
                    Matcher m = pattern.matcher(new String(response.body(), StandardCharsets.UTF_8));
                    if (response.status() == 200 && m.find()) {
                        long value = Long.parseLong(m.group(1));
                        if (value > highest) {
                            highest = value;
                            seen.put(value, at);
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(path, e);
            }
        });
    }

    /** For each acknowledged event, the time from its 201 to the first answer showing a number at least its seq. */
    private static Latencies delays(List<long[]> acknowledged, ConcurrentSkipListMap<Long, Long> seen) {
        var delays = new Latencies(acknowledged.size());
        for (long[] event : acknowledged) {
            var first = seen.ceilingEntry(event[0]);
            if (first == null) {
                throw new IllegalStateException("seq " + event[0] + " never became visible");
            }
            delays.add(Math.max(0, first.getValue() - event[1]));
        }
        return delays;
    }
}
