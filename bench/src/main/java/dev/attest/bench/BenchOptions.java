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
        int httpQueries) {

    /** The parts of a run: (a) and (b1), (c), (b2) and (b3), (d). */
    enum Phase {
        BATCH,
        NAIVE,
        SINGLE,
        QUERY
    }

    static final String USAGE = """
            usage: bench/run sqlite [--quick] [--events N] [--data DIR] [--phases batch,naive,single,query]
                                    [--ingest-events N] [--repeats N] [--batch-clients N] [--single-clients N]
                                    [--seconds N] [--warmup N] [--naive-seconds N] [--queries N]
                                    [--query-budget N] [--http-queries N] [--scratch DIR] [--results DIR]
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
                default -> throw new IllegalArgumentException("unknown flag " + arg);
            }
        }
        if (!backend.equals("sqlite")) {
            throw new IllegalArgumentException(
                    "the only backend is sqlite" + (backend.isEmpty() ? "" : ", not " + backend));
        }
        Path dataset = data != null ? data : home.resolve("data").resolve("dataset-" + events);
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
                httpQueries);
    }

    private static Set<Phase> phases(String list) {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        for (String name : list.split(",", -1)) {
            phases.add(Phase.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        return phases;
    }
}
