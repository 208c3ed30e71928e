package dev.attest.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The flags of a run. {@code --quick} shrinks every count and duration to a smoke run of about two minutes; explicit
 * flags win over it whatever their order.
 *
 * @param events events of the query dataset's main organization
 * @param ingestEvents events that (a) and (b1) each write, per repetition
 * @param repeats repetitions of (a) and (b1), alternating; their medians are reported
 */
record BenchOptions(
        String backend,
        Set<Phase> phases,
        long events,
        Path data,
        Path scratch,
        Path results,
        int ingestEvents,
        int repeats,
        int batchClients,
        int singleClients,
        Duration warmup,
        Duration window,
        Duration naive,
        int queries,
        Duration queryBudget,
        int httpQueries,
        int integrityEvents,
        int exportEvents,
        int visibleRate,
        int visibleSeconds) {

    /**
     * The parts of a run, in this order: (a) and (b1); (c); (b2) and (b3); integrity on vs off; export (e0)–(e4);
     * ingest to visible (v1), (v2); queries (d).
     */
    enum Phase {
        BATCH,
        NAIVE,
        SINGLE,
        INTEGRITY,
        EXPORT,
        VISIBLE,
        QUERY
    }

    static final String USAGE = """
            usage: bench/run sqlite|postgres [--quick] [--events N] [--data DIR]
                                    [--phases batch,naive,single,integrity,export,visible,query]
                                    [--ingest-events N] [--repeats N] [--batch-clients N] [--single-clients N]
                                    [--seconds N] [--warmup N] [--naive-seconds N] [--queries N]
                                    [--query-budget N] [--http-queries N] [--integrity-events N]
                                    [--export-events N] [--visible-rate N] [--visible-seconds N]
                                    [--scratch DIR] [--results DIR]
            postgres: $ATTEST_BENCH_DATABASE (a JDBC URL), or database attest_bench at 127.0.0.1:5432, user postgres
            """;

    static BenchOptions parse(String[] args, Path home) {
        boolean quick = false;
        for (String arg : args) {
            quick |= arg.equals("--quick");
        }
        String backend = "";
        Set<Phase> phases = EnumSet.allOf(Phase.class);
        long events = quick ? 100_000 : 10_000_000;
        @Nullable Path data = null;
        Path scratch = home.resolve("data").resolve("scratch");
        Path results = home.resolve("results");
        int ingestEvents = quick ? 20_000 : 200_000;
        int repeats = quick ? 1 : 3;
        int batchClients = 6;
        int singleClients = 64;
        Duration warmup = Duration.ofSeconds(quick ? 1 : 3);
        Duration window = Duration.ofSeconds(quick ? 4 : 15);
        Duration naive = Duration.ofSeconds(quick ? 3 : 10);
        int queries = quick ? 100 : 500;
        Duration queryBudget = Duration.ofSeconds(quick ? 3 : 20);
        int httpQueries = quick ? 50 : 200;
        int integrityEvents = quick ? 20_000 : 100_000;
        int exportEvents = quick ? 50_000 : 200_000;
        int visibleRate = 100;
        int visibleSeconds = quick ? 10 : 20;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--quick")) {
                continue;
            }
            if (!arg.startsWith("--")) {
                if (!backend.isEmpty()) {
                    throw new IllegalArgumentException("one backend per run, not " + backend + " and " + arg);
                }
                backend = arg;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--events" -> events = Long.parseLong(value.replace("_", ""));
                case "--data" -> data = Path.of(value);
                case "--scratch" -> scratch = Path.of(value);
                case "--results" -> results = Path.of(value);
                case "--phases" -> phases = phases(value);
                case "--ingest-events" -> ingestEvents = Integer.parseInt(value.replace("_", ""));
                case "--repeats" -> repeats = Integer.parseInt(value);
                case "--batch-clients" -> batchClients = Integer.parseInt(value);
                case "--single-clients" -> singleClients = Integer.parseInt(value);
                case "--seconds" -> window = Duration.ofSeconds(Long.parseLong(value));
                case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(value));
                case "--naive-seconds" -> naive = Duration.ofSeconds(Long.parseLong(value));
                case "--queries" -> queries = Integer.parseInt(value);
                case "--query-budget" -> queryBudget = Duration.ofSeconds(Long.parseLong(value));
                case "--http-queries" -> httpQueries = Integer.parseInt(value);
                case "--integrity-events" -> integrityEvents = Integer.parseInt(value.replace("_", ""));
                case "--export-events" -> exportEvents = Integer.parseInt(value.replace("_", ""));
                case "--visible-rate" -> visibleRate = Integer.parseInt(value);
                case "--visible-seconds" -> visibleSeconds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown flag " + arg);
            }
        }
        if (!backend.equals("sqlite") && !backend.equals("postgres")) {
            throw new IllegalArgumentException(
                    "the backends are sqlite and postgres" + (backend.isEmpty() ? "" : ", not " + backend));
        }
        // SQLite's dataset is its database file; PostgreSQL's lives in a schema, and this directory keeps its notes.
        Path dataset = data != null
                ? data
                : home.resolve("data").resolve((backend.equals("sqlite") ? "" : backend + "-") + "dataset-" + events);
        return new BenchOptions(
                backend,
                phases,
                events,
                dataset,
                scratch,
                results,
                ingestEvents,
                repeats,
                batchClients,
                singleClients,
                warmup,
                window,
                naive,
                queries,
                queryBudget,
                httpQueries,
                integrityEvents,
                exportEvents,
                visibleRate,
                visibleSeconds);
    }

    private static Set<Phase> phases(String list) {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        for (String name : list.split(",", -1)) {
            phases.add(Phase.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        return phases;
    }
}
