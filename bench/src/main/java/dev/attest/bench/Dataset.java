package dev.attest.bench;

import dev.attest.core.event.EventId;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.Storage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The organization the query benchmark reads: {@code events} events over the year before the dataset was made, plus
 * three neighbour organizations holding 5% as many in the same tables, so that every query must keep to its tenant.
 * Written through {@link EventStore#append} in groups of {@value #GROUP} events (the real write path); a
 * {@value #META} file beside the database remembers the organizations and key, so a later run reuses the data, and an
 * interrupted generation resumes where it stopped.
 */
final class Dataset {
    static final int GROUP = 5_000;
    private static final String META = "bench-dataset.properties";
    private static final int NEIGHBOURS = 3;
    /** One neighbour group after every this many groups of the main organization: 5% of its size. */
    private static final int NEIGHBOUR_EVERY = 20;

    /** A dataset ready to query. */
    record Ready(
            Path directory,
            OrganizationId organization,
            String apiKey,
            long events,
            Instant start,
            Instant end,
            String domain,
            double generationSeconds,
            boolean generatedNow) {}

    private Dataset() {}

    /**
     * Opens or makes the dataset in {@code directory} with at least {@code events} events in its main organization; a
     * new one spans the year before {@code clock}'s now.
     */
    static Ready prepare(Backend backend, Path directory, long events, Clock clock, PrintStream log)
            throws InterruptedException {
        Properties meta = new Properties();
        Path metaFile = directory.resolve(META);
        try (Backend.Store store = backend.kept(directory, events, 2)) {
            Storage storage = store.storage();
            if (Files.exists(metaFile)) {
                try (Reader in = Files.newBufferedReader(metaFile, StandardCharsets.UTF_8)) {
                    meta.load(in);
                }
            }
            if (meta.getProperty("organization") == null
                    || storage.organizations()
                            .find(new OrganizationId(meta.getProperty("organization")))
                            .isEmpty()) {
                // New, or its database was dropped since (a PostgreSQL schema outlives nothing): start over.
                meta.clear();
                var onboarding = new Onboarding(storage.organizations(), clock);
                Onboarding.Created main = onboarding.create("Acme Benchmarks");
                meta.setProperty("organization", main.organization().id().value());
                meta.setProperty("apiKey", main.apiKey().secret());
                var neighbours = new ArrayList<String>();
                for (int i = 0; i < NEIGHBOURS; i++) {
                    neighbours.add(onboarding
                            .create("Neighbour " + i)
                            .organization()
                            .id()
                            .value());
                }
                meta.setProperty("neighbours", String.join(",", neighbours));
                Instant end = EventParser.truncateToMicros(clock.instant());
                meta.setProperty("end", end.toString());
                meta.setProperty("generationSeconds", "0");
                save(meta, metaFile);
            }
            var organization = new OrganizationId(meta.getProperty("organization"));
            List<OrganizationId> neighbours = Arrays.stream(
                            meta.getProperty("neighbours").split(",", -1))
                    .map(OrganizationId::new)
                    .toList();
            Instant end = Instant.parse(meta.getProperty("end"));
            Instant start = end.minus(Duration.ofDays(365));
            long have = storage.events().size(organization);
            boolean generating = have < events;
            if (generating) {
                log.printf(
                        Locale.ROOT,
                        "dataset: %,d of %,d events in %s; generating the rest …%n",
                        have,
                        events,
                        directory);
                long began = System.nanoTime();
                generate(storage.events(), organization, neighbours, have, events, start, end, clock, log);
                double seconds =
                        (System.nanoTime() - began) / 1e9 + Double.parseDouble(meta.getProperty("generationSeconds"));
                meta.setProperty("generationSeconds", Double.toString(seconds));
                meta.setProperty("events", Long.toString(events));
                save(meta, metaFile);
                backend.afterBulkLoad(store);
            } else {
                log.printf(Locale.ROOT, "dataset: reusing %,d events in %s%n", have, directory);
            }
            return new Ready(
                    directory,
                    organization,
                    meta.getProperty("apiKey"),
                    storage.events().size(organization),
                    start,
                    end,
                    "acme.test",
                    Double.parseDouble(meta.getProperty("generationSeconds")),
                    generating);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + metaFile, e);
        }
    }

    private static void generate(
            EventStore store,
            OrganizationId organization,
            List<OrganizationId> neighbours,
            long from,
            long to,
            Instant start,
            Instant end,
            Clock clock,
            PrintStream log)
            throws InterruptedException {
        long[] neighbourNext = neighbours.stream().mapToLong(store::size).toArray();
        long spanMicros = Duration.between(start, end).toNanos() / 1_000;
        BlockingQueue<List<AppendRequest>> queue = new ArrayBlockingQueue<>(4);
        // One thread makes events while this one writes them: two cores, two jobs.
        Thread maker = Thread.ofPlatform().name("bench-dataset-maker").start(() -> {
            var mix = new EventMix(from * 31 + 7, "acme.test", "Acme Benchmarks");
            var neighbourMix = new EventMix(from * 17 + 3, "globex.test", "Globex");
            var random = new SplittableRandom(from);
            long groups = 0;
            try {
                for (long next = from; next < to; ) {
                    int size = (int) Math.min(GROUP, to - next);
                    var events = new ArrayList<NewEvent>(size);
                    for (int i = 0; i < size; i++, next++) {
                        events.add(mix.next(
                                new EventId("evt_" + EventMix.pad(next, 12)), at(start, spanMicros, next, to, random)));
                    }
                    Instant receivedAt = EventParser.truncateToMicros(clock.instant());
                    var requests = new ArrayList<AppendRequest>(2);
                    requests.add(new AppendRequest(organization, receivedAt, events));
                    if (++groups % NEIGHBOUR_EVERY == 0) {
                        int n = (int) (groups / NEIGHBOUR_EVERY % neighbours.size());
                        var other = new ArrayList<NewEvent>(GROUP);
                        for (int i = 0; i < GROUP; i++) {
                            long id = neighbourNext[n]++;
                            other.add(neighbourMix.next(
                                    new EventId("evt_" + EventMix.pad(id, 12)),
                                    at(start, spanMicros, next, to, random)));
                        }
                        requests.add(new AppendRequest(neighbours.get(n), receivedAt, other));
                    }
                    queue.put(requests);
                }
                queue.put(List.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long began = System.nanoTime();
        long lastReport = began;
        long written = 0;
        for (List<AppendRequest> requests = queue.take(); !requests.isEmpty(); requests = queue.take()) {
            store.append(requests);
            written += requests.getFirst().events().size();
            long now = System.nanoTime();
            if (now - lastReport > 15_000_000_000L) {
                lastReport = now;
                double rate = written * 1e9 / (now - began);
                long left = to - from - written;
                log.printf(
                        Locale.ROOT,
                        "dataset: %,d / %,d events, %,.0f events/s, %.0f s so far, about %.0f s to go%n",
                        from + written,
                        to,
                        rate,
                        (now - began) / 1e9,
                        left / rate);
            }
        }
        maker.join();
    }

    /** The {@code n}-th event of {@code total} falls at its share of the year, a few seconds of jitter either way. */
    private static Instant at(Instant start, long spanMicros, long n, long total, SplittableRandom random) {
        long micros = (long) ((double) n / total * spanMicros) + random.nextLong(-5_000_000L, 5_000_000L);
        return start.plusNanos(Math.max(0, micros) * 1_000);
    }

    private static void save(Properties meta, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            meta.store(out, "Attest benchmark dataset; the API key is for this local test data only");
        }
    }
}
