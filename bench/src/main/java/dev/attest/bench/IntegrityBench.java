package dev.attest.bench;

import dev.attest.core.event.EventDocument;
import dev.attest.core.event.EventId;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.LogVerificationException;
import dev.attest.core.log.LogVerifier;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Organization;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Storage;
import dev.attest.integrity.Checkpoint;
import dev.attest.integrity.TreeBuilder;
import dev.attest.storage.sqlite.SqliteStorage;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench/run integrity}: what tamper evidence costs. Verification from memory (rebuilding a tree from leaf
 * hashes on one core) and from an export (parsing, canonicalizing and hashing every event), and ingest with the
 * integrity work on versus off over the same events in the same run.
 */
public final class IntegrityBench {
    private static final TypeReference<Map<String, @Nullable Object>> DOCUMENT = new TypeReference<>() {};
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger ROOT = Logger.getLogger("");

    private final Report report = new Report();
    private final Clock clock = Clock.systemUTC();

    private IntegrityBench() {}

    public static void main(String[] args) throws Exception {
        ROOT.setLevel(Level.WARNING);
        for (var handler : ROOT.getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
        boolean quick = Arrays.asList(args).contains("--quick");
        new IntegrityBench()
                .run(quick ? 1_000_000 : 10_000_000, quick ? 20_000 : 200_000, quick ? 20_000 : 100_000, System.out);
    }

    private void run(int leaves, int exported, int ingested, PrintStream out) throws Exception {
        report.fact("date", clock.instant().toString());
        report.fact("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        report.fact("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        fromMemory(leaves);
        Path scratch = Files.createTempDirectory("attest-integrity-bench");
        try {
            fromExport(scratch.resolve("export"), exported);
            ingestCost(new SqliteBackend(scratch.resolve("ingest"), clock), clock, ingested, report);
        } finally {
            Bench.delete(scratch);
        }
        report.print(out);
        report.write(Path.of(System.getProperty("attest.bench.home", "bench"), "results"), "integrity");
    }

    /** Rebuilding the root of {@code leaves} leaf hashes held in memory, one thread; median of 3. */
    private void fromMemory(int leaves) {
        var random = new Random(1);
        byte[][] hashes = new byte[leaves][32];
        for (byte[] hash : hashes) {
            random.nextBytes(hash);
        }
        long[] rates = new long[3];
        for (int round = 0; round < rates.length; round++) {
            long started = System.nanoTime();
            var builder = new TreeBuilder();
            for (byte[] hash : hashes) {
                builder.append(hash);
            }
            byte[] root = builder.root();
            long nanos = System.nanoTime() - started;
            if (root.length != 32) {
                throw new IllegalStateException("no root");
            }
            rates[round] = (long) (leaves / (nanos / 1e9));
        }
        long median = median(rates);
        report.add(new Report.Row(
                "verify from memory: " + String.format(Locale.ROOT, "%,d", leaves) + " leaves, 1 core",
                String.format(Locale.ROOT, "%,d leaves/s", median),
                "",
                "",
                ">= 2,000,000 leaves/s",
                Report.verdict(median >= 2_000_000)));
    }

    /** Verifying an export: read each JSON line, canonicalize, hash, rebuild the tree, compare with the checkpoint. */
    private void fromExport(Path directory, int events) throws IOException, LogVerificationException {
        OrganizationId org;
        Path file = directory.resolve("events.jsonl");
        Checkpoint checkpoint;
        try (SqliteStorage storage = SqliteStorage.open(directory, 1, true)) {
            org = organization(storage, clock);
            append(storage, clock, org, events, 1_000);
            var head = storage.events().head(org);
            checkpoint = new Checkpoint(
                    "bench.local/" + org.value(), head.size(), java.util.Objects.requireNonNull(head.root()));
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                storage.events().scan(org, 1, head.size(), event -> {
                    try {
                        writer.write(JSON.writeValueAsString(EventDocument.of(event, true)));
                        writer.write('\n');
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
        long[] rates = new long[3];
        for (int round = 0; round < rates.length; round++) {
            long started = System.nanoTime();
            var verifier = new LogVerifier(checkpoint, org.value());
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    verifier.accept(JSON.readValue(line, DOCUMENT));
                }
            }
            long verified = verifier.finish();
            rates[round] = (long) (verified / ((System.nanoTime() - started) / 1e9));
        }
        report.add(new Report.Row(
                "verify an export: " + String.format(Locale.ROOT, "%,d", events) + " events ("
                        + Files.size(file) / 1024 / 1024 + " MiB of JSON Lines), 1 core",
                String.format(Locale.ROOT, "%,d events/s", median(rates)),
                "",
                "",
                "",
                "info"));
    }

    /**
     * The same events appended through {@code EventStore.append} with and without leaf hashes and trees, alternating
     * three times on fresh stores of {@code backend}; the medians and the cost go to the report.
     */
    static void ingestCost(Backend backend, Clock clock, int events, Report report) {
        long[] on = new long[3];
        long[] off = new long[3];
        for (int round = 0; round < 3; round++) {
            on[round] = ingestOnce(backend, clock, "integrity-on-" + round, events, true);
            off[round] = ingestOnce(backend, clock, "integrity-off-" + round, events, false);
        }
        long withIntegrity = median(on);
        long without = median(off);
        double slower = 100.0 * (without - withIntegrity) / without;
        report.add(new Report.Row(
                "ingest without integrity (EventStore.append, groups of 10 x 100), "
                        + String.format(Locale.ROOT, "%,d", events) + " events, median of 3",
                String.format(Locale.ROOT, "%,d events/s", without),
                "",
                "",
                "baseline",
                ""));
        report.add(new Report.Row(
                "ingest with leaf hashes and Merkle trees (integrity cost)",
                String.format(Locale.ROOT, "%,d events/s", withIntegrity),
                String.format(Locale.ROOT, "%,d", without),
                slower >= 0
                        ? String.format(Locale.ROOT, "%.1f%% slower", slower)
                        : String.format(Locale.ROOT, "%.1f%% faster (noise)", -slower),
                "<= 5% slower",
                Report.verdict(slower <= 5.0)));
    }

    private static long ingestOnce(Backend backend, Clock clock, String name, int events, boolean integrity) {
        try (Backend.Store store = backend.fresh(name, 2, integrity)) {
            OrganizationId org = organization(store.storage(), clock);
            long started = System.nanoTime();
            append(store.storage(), clock, org, events, 100);
            return (long) (events / ((System.nanoTime() - started) / 1e9));
        }
    }

    /** Appends {@code events} realistic events in groups of ten requests of {@code perRequest} events. */
    private static void append(Storage storage, Clock clock, OrganizationId org, int events, int perRequest) {
        var mix = new EventMix(7, "bench.test", "Bench");
        Instant start = clock.instant().minusSeconds(events);
        int made = 0;
        while (made < events) {
            var group = new ArrayList<AppendRequest>();
            for (int r = 0; r < 10 && made < events; r++) {
                var batch = new ArrayList<NewEvent>(perRequest);
                for (int i = 0; i < perRequest && made < events; i++, made++) {
                    batch.add(mix.next(new EventId("e" + made), start.plusSeconds(made)));
                }
                group.add(new AppendRequest(org, EventParser.truncateToMicros(clock.instant()), batch));
            }
            storage.events().append(group);
        }
    }

    private static OrganizationId organization(Storage storage, Clock clock) {
        var id = new OrganizationId("org_bench");
        ApiKey key = ApiKey.generate(new SecureRandom());
        storage.organizations().create(new Organization(id, "Bench", clock.instant()), key.hash(), key.displayPrefix());
        return id;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
