package dev.attest.bench;

import dev.attest.bench.BenchOptions.Phase;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.store.Storage;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * {@code bench/run sqlite} and {@code bench/run postgres}: measures, in one run on one machine, every figure issue 14
 * sets a target for — ingest against the database's own raw baselines, the integrity cost, export against a raw
 * cursor, ingest to visible, queries over a large organization — and prints each with its baseline, ratio and target.
 * See {@link BenchOptions#USAGE} for the flags.
 */
public final class Bench {
    private static final double QUERY_P99_MS = 5;
    private static final double RARE_TEXT_P99_MS = 50;
    private static final double BATCH_RATIO = 0.70;
    private static final double SINGLE_RATIO = 10;
    private static final double ACK_P99_MS = 20;
    /** Readers (SQLite) or pooled connections (PostgreSQL) of a benchmarked server's store. */
    private static final int SERVER_CONNECTIONS = 8;
    /** Held so JUL does not forget the level (it keeps loggers weakly). */
    private static final Logger ROOT = Logger.getLogger("");

    private final BenchOptions options;
    private final PrintStream out;
    private final Report report = new Report();
    private final Clock clock;
    private final Backend backend;
    private double naiveRate = Double.NaN;

    private Bench(BenchOptions options, Clock clock, Backend backend, PrintStream out) {
        this.options = options;
        this.clock = clock;
        this.backend = backend;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        ROOT.setLevel(Level.WARNING);
        for (var handler : ROOT.getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, Path.of(System.getProperty("attest.bench.home", "bench")));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Clock clock = Clock.systemUTC();
        Backend backend = options.backend().equals("postgres")
                ? PostgresBackend.fromEnvironment(clock)
                : new SqliteBackend(options.scratch(), clock);
        new Bench(options, clock, backend, System.out).run();
    }

    private void run() throws Exception {
        long began = System.nanoTime();
        Instant now = clock.instant();
        report.fact("date", now.toString());
        report.fact("backend", options.backend());
        report.fact("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        report.fact("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        checkMixIsValid(now);
        if (options.phases().contains(Phase.BATCH) || options.phases().contains(Phase.NAIVE)) {
            ingestBaselines(now);
        }
        if (options.phases().contains(Phase.SINGLE)) {
            singles(now);
        }
        if (options.phases().contains(Phase.INTEGRITY)) {
            out.println("integrity: " + count(options.integrityEvents()) + " events with and without, three times …");
            IntegrityBench.ingestCost(backend, clock, options.integrityEvents(), report);
        }
        if (options.phases().contains(Phase.EXPORT)) {
            ExportBench.measure(backend, clock, options.exportEvents(), report, out);
        }
        if (options.phases().contains(Phase.VISIBLE)) {
            VisibleBench.measure(backend, clock, options.visibleRate(), options.visibleSeconds(), report, out);
        }
        if (options.phases().contains(Phase.QUERY)) {
            queries();
        }
        report.fact("wall time", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - began) / 1e9));
        report.print(out);
        String name = options.backend() + "-"
                + DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss", Locale.ROOT)
                        .withZone(ZoneOffset.UTC)
                        .format(now);
        Path file = report.write(options.results(), name);
        report.write(options.results(), options.backend() + "-latest");
        out.println("written to " + file + " (and .json)");
    }

    /** The mix builds events directly; a sample goes through the real parser so that they are known to be valid. */
    private void checkMixIsValid(Instant now) {
        var parser = new EventParser(clock, new IdGenerator(clock));
        var mix = new EventMix(99, "acme.test", "Acme");
        List<NewEvent> sample = Bodies.events(mix, 5_000, now);
        for (int from = 0; from < sample.size(); from += 1_000) {
            var raw = new ArrayList<EventParser.RawEvent>();
            for (int i = from; i < from + 1_000; i++) {
                NewEvent event = Bodies.withId(sample.get(i), "chk" + i);
                raw.add(new EventParser.RawEvent(EventJson.document(event), 600));
            }
            parser.parse(new OrganizationId("org_check"), raw, true);
        }
        out.println("mix: 5,000 sample events pass the parser");
    }

    /** (a), (b1) alternating, medians of the repetitions; then (c). */
    private void ingestBaselines(Instant now) throws Exception {
        List<NewEvent> events = Bodies.events(new EventMix(42, "acme.test", "Acme"), options.ingestEvents(), now);
        if (options.phases().contains(Phase.BATCH)) {
            Bodies batches = Bodies.of(events, 100, 'b');
            var raw = new ArrayList<Double>();
            var rawAside = new ArrayList<Double>();
            var http = new ArrayList<Double>();
            var groups = new ArrayList<Double>();
            for (int r = 1; r <= options.repeats(); r++) {
                double rawRate = backend.rawBatch("a" + r, events, 1_000);
                raw.add(rawRate);
                out.printf(Locale.ROOT, "(a)  raw batch insert, run %d: %,.0f events/s%n", r, rawRate);
                OptionalDouble helped = backend.rawBatchHelped("a2-" + r, events, 1_000);
                if (helped.isPresent()) {
                    rawAside.add(helped.getAsDouble());
                    out.printf(
                            Locale.ROOT,
                            "(a') raw batch insert, checkpoints aside, run %d: %,.0f events/s%n",
                            r,
                            helped.getAsDouble());
                }
                IngestBench.Throughput t;
                try (var server = new IngestBench.Server(backend.fresh("b1-" + r, SERVER_CONNECTIONS, true), clock)) {
                    t = IngestBench.batches(server, batches, options.batchClients());
                }
                requireNoFailures("(b1)", t.failures(), t.firstFailure());
                http.add(t.eventsPerSecond());
                groups.add(t.meanGroupEvents());
                out.printf(
                        Locale.ROOT,
                        "(b1) HTTP batches of 100, run %d: %,.0f events/s (mean commit group %.0f events)%n",
                        r,
                        t.eventsPerSecond(),
                        t.meanGroupEvents());
            }
            double a = median(raw);
            double b1 = median(http);
            report.info(
                    "(a) raw " + backend.rawBatchWay()
                            + ", 1,000 rows/txn, " + count(options.ingestEvents()) + " rows, median of "
                            + options.repeats(),
                    rate(a));
            if (!rawAside.isEmpty()) {
                double a2 = median(rawAside);
                report.info(
                        "(a') the same with the WAL checkpointed by another connection, as Attest's writer does; (b1)"
                                + " reaches " + percent(b1 / a2) + " of it",
                        rate(a2));
            }
            report.add(new Report.Row(
                    "(b1) HTTP batches of 100, " + options.batchClients() + " clients, mean group "
                            + String.format(Locale.ROOT, "%.0f", median(groups)),
                    rate(b1),
                    rate(a) + " (a)",
                    percent(b1 / a),
                    ">= 70% of (a)",
                    Report.verdict(b1 / a >= BATCH_RATIO)));
        }
        if (options.phases().contains(Phase.NAIVE)) {
            naiveRate = backend.naive("c", events, options.naive());
            out.printf(Locale.ROOT, "(c)  naive insert+commit per event: %,.0f events/s%n", naiveRate);
            report.info(
                    "(c) naive INSERT + commit per event, " + options.naive().toSeconds() + " s", rate(naiveRate));
        }
    }

    /** (b2) closed loop, then (b3) open loop at half its throughput, on one fresh server. */
    private void singles(Instant now) throws Exception {
        List<NewEvent> events = Bodies.events(new EventMix(43, "acme.test", "Acme"), 20_000, now);
        Bodies singles = Bodies.of(events, 1, 's');
        try (var server = new IngestBench.Server(backend.fresh("b2", SERVER_CONNECTIONS, true), clock)) {
            IngestBench.Throughput t = IngestBench.closedLoop(
                    server, singles, options.singleClients(), options.warmup(), options.window());
            requireNoFailures("(b2)", t.failures(), t.firstFailure());
            double b2 = t.eventsPerSecond();
            out.printf(
                    Locale.ROOT,
                    "(b2) single events, %d clients: %,.0f events/s (mean commit group %.1f events)%n",
                    options.singleClients(),
                    b2,
                    t.meanGroupEvents());
            boolean haveNaive = !Double.isNaN(naiveRate);
            report.add(new Report.Row(
                    "(b2) single-event POSTs, " + options.singleClients() + " closed-loop clients, mean group "
                            + String.format(Locale.ROOT, "%.1f", t.meanGroupEvents()),
                    rate(b2),
                    haveNaive ? rate(naiveRate) + " (c)" : "",
                    haveNaive ? String.format(Locale.ROOT, "%.1fx", b2 / naiveRate) : "",
                    ">= 10x (c)",
                    haveNaive ? Report.verdict(b2 / naiveRate >= SINGLE_RATIO) : ""));
            double rate = b2 / 2;
            IngestBench.Paced paced = IngestBench.openLoop(server, singles, rate, options.warmup(), options.window());
            double p50 = paced.latencies().percentileMillis(50);
            double p99 = paced.latencies().percentileMillis(99);
            out.printf(
                    Locale.ROOT,
                    "(b3) open loop at %,.0f events/s: p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d failures, %d sends"
                            + " late by > 1 ms%n",
                    paced.offeredPerSecond(),
                    p50,
                    p99,
                    paced.latencies().maxMillis(),
                    paced.failures(),
                    paced.late());
            requireNoFailures("(b3)", paced.failures(), paced.firstFailure());
            report.add(new Report.Row(
                    "(b3) ack latency, open loop at " + count((long) paced.offeredPerSecond()) + " events/s (half b2), "
                            + count(paced.latencies().count()) + " sends",
                    millis(p50, p99),
                    "",
                    "",
                    "p99 <= 20 ms",
                    Report.verdict(p99 <= ACK_P99_MS)));
        }
    }

    /** (d) the dataset, then every filter through the store, then a few over HTTP. */
    private void queries() throws Exception {
        Dataset.Ready data = Dataset.prepare(backend, options.data(), options.events(), clock, out);
        report.fact(
                "dataset",
                count(data.events()) + " events in the main organization (+5% in 3 neighbours), " + data.directory());
        report.fact(
                "dataset generation",
                String.format(Locale.ROOT, "%.0f s", data.generationSeconds())
                        + (data.generatedNow() ? "" : " (earlier run, reused)"));
        var filters = QueryBench.filters();
        var storeP99 = new java.util.HashMap<String, Double>();
        try (Backend.Store store = backend.kept(data.directory(), options.events(), SERVER_CONNECTIONS)) {
            Storage storage = store.storage();
            report.fact("database size", String.format(Locale.ROOT, "%.2f GB", backend.bytesOnDisk(store) / 1e9));
            for (QueryBench.Filter filter : filters) {
                QueryBench.Measured m =
                        QueryBench.measure(storage.events(), data, filter, options.queries(), options.queryBudget());
                storeP99.put(filter.name(), m.latencies().percentileMillis(99));
                queryRow(m, "");
            }
            AttestServer server = AttestServer.builder()
                    .storage(storage)
                    .signer(CheckpointKey.loadOrCreate(
                            data.directory().resolve(CheckpointKey.FILE_NAME), "bench.local"))
                    .installation("bench.local")
                    .host("127.0.0.1")
                    .port(0)
                    .build()
                    .start();
            try (var http = new PlainHttp("127.0.0.1", server.port(), data.apiKey())) {
                for (QueryBench.Filter filter : filters) {
                    if (Stream.of(
                                    "no filter",
                                    "action",
                                    "actor_id",
                                    "since/until (7 days)",
                                    "second page (cursor), no filter")
                            .noneMatch(filter.name()::equals)) {
                        continue;
                    }
                    QueryBench.Measured m =
                            QueryBench.measureHttp(http, data, filter, options.httpQueries(), options.queryBudget());
                    queryRow(m, String.format(Locale.ROOT, "store p99 %.2f ms", storeP99.get(filter.name())));
                }
            } finally {
                server.stop();
            }
        }
    }

    private void queryRow(QueryBench.Measured m, String baseline) {
        // Issue 14 asks a rare free-text term for its first page within 50 ms; every other filter within 5 ms.
        boolean rare = m.name().startsWith("q, rare term");
        double p50 = m.latencies().percentileMillis(50);
        double p99 = m.latencies().percentileMillis(99);
        out.printf(
                Locale.ROOT,
                "(d)  %-40s p50 %8.2f ms  p99 %8.2f ms  max %8.1f ms  %4d queries%s, %.0f rows/page%n",
                m.name(),
                p50,
                p99,
                m.latencies().maxMillis(),
                m.latencies().count(),
                m.cutShort() ? " (time budget hit)" : "",
                m.meanRows());
        report.add(new Report.Row(
                "(d) " + m.name() + " [" + m.latencies().count()
                        + (m.cutShort() ? " queries, budget hit]" : " queries]"),
                millis(p50, p99),
                baseline,
                "",
                rare ? "p99 <= 50 ms" : "p99 <= 5 ms",
                Report.verdict(m.latencies().count() > 0 && p99 <= (rare ? RARE_TEXT_P99_MS : QUERY_P99_MS))));
    }

    private void requireNoFailures(String phase, long failures, String first) {
        if (failures > 0) {
            throw new IllegalStateException(phase + ": " + failures + " requests failed; the first: " + first);
        }
    }

    /** A new empty directory for a store's checkpoint key, removed with the store. */
    static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f events/s", perSecond);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    static String millis(Latencies latencies) {
        return millis(latencies.percentileMillis(50), latencies.percentileMillis(99));
    }

    static String millis(double p50, double p99) {
        return String.format(Locale.ROOT, "p50 %.2f ms / p99 %.2f ms", p50, p99);
    }
}
