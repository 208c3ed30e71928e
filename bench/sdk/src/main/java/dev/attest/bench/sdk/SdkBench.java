package dev.attest.bench.sdk;

import dev.attest.client.Actor;
import dev.attest.client.AttestClient;
import dev.attest.client.CatalogEvents;
import dev.attest.client.Context;
import dev.attest.client.DeliveryException;
import dev.attest.client.Event;
import dev.attest.client.SendResult;
import dev.attest.client.Target;
import dev.attest.core.org.Onboarding;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import dev.attest.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Events per second through the Java SDK into a real Attest server on 127.0.0.1 (fresh SQLite data directory, WAL,
 * {@code synchronous=FULL}), counting only events the server acknowledged:
 *
 * <ul>
 *   <li>async: {@code enqueue} from 4 producer threads with the default batching (500 events, 20 ms linger, 2
 *       senders), then {@code close()};
 *   <li>sync: {@code send} of single events from 16 threads (one durable commit round trip each, group-committed by
 *       the server).
 * </ul>
 *
 * <p>Usage: {@code SdkBench [asyncEvents] [syncSeconds]}; defaults 200000 and 10.
 */
public final class SdkBench {
    private SdkBench() {}

    public static void main(String[] args) throws Exception {
        int asyncEvents = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int syncSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path data = Files.createTempDirectory("attest-sdk-bench");
        Clock clock = Clock.systemUTC();
        try (SqliteStorage storage = SqliteStorage.open(data, 2)) {
            AttestServer server = AttestServer.builder()
                    .storage(storage)
                    .signer(CheckpointKey.loadOrCreate(data.resolve(CheckpointKey.FILE_NAME), "bench.local"))
                    .installation("bench.local")
                    .clock(clock)
                    .port(0)
                    .build()
                    .start();
            try {
                var acme = new Onboarding(storage.organizations(), clock).create("Bench");
                URI uri = URI.create("http://127.0.0.1:" + server.port());
                String org = acme.organization().id().value();
                String key = acme.apiKey().secret();
                double async = async(AttestClient.builder(uri, org, key).build(), asyncEvents);
                double sync = sync(AttestClient.builder(uri, org, key).build(), syncSeconds);
                System.out.printf(
                        Locale.ROOT,
                        "| figure | events/s |%n|---|---|%n| SDK async enqueue (%d events, 4 producers, batches of 500)"
                                + " | %,.0f |%n| SDK sync send (single events, 16 threads, %d s) | %,.0f |%n",
                        asyncEvents,
                        async,
                        syncSeconds,
                        sync);
            } finally {
                server.stop();
            }
        } finally {
            delete(data);
        }
    }

    static Event event(int i) {
        return CatalogEvents.userRoleChange(
                        Actor.member("usr_" + (i % 500)).withName("Member " + (i % 500)),
                        Target.ref("usr_" + (i % 977), "Target"),
                        "member",
                        "admin")
                .context(Context.ip("203.0.113.7").withUserAgent("attest-sdk-bench"))
                .build();
    }

    private static double async(AttestClient client, int events) throws Exception {
        int producers = 4;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        var done = new ArrayList<Future<List<CompletableFuture<SendResult>>>>();
        for (int p = 0; p < producers; p++) {
            int from = p;
            done.add(pool.submit(() -> {
                var futures = new ArrayList<CompletableFuture<SendResult>>();
                for (int i = from; i < events; i += producers) {
                    futures.add(client.enqueue(event(i)));
                }
                return futures;
            }));
        }
        long acknowledged = 0;
        for (var f : done) {
            for (var one : f.get()) {
                one.join();
                acknowledged++;
            }
        }
        client.close();
        pool.shutdown();
        return acknowledged / ((System.nanoTime() - start) / 1e9);
    }

    private static double sync(AttestClient client, int seconds) throws Exception {
        int threads = 16;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var counts = new ArrayList<Future<Long>>();
        for (int t = 0; t < threads; t++) {
            int offset = t * 10_000_000;
            counts.add(pool.submit(() -> {
                long sent = 0;
                while (System.nanoTime() < deadline) {
                    if (client.send(event(offset + (int) sent)).created()) {
                        sent++;
                    }
                }
                return sent;
            }));
        }
        long total = 0;
        for (Future<Long> c : counts) {
            total += c.get();
        }
        double rate = total / ((System.nanoTime() - start) / 1e9);
        pool.shutdown();
        try {
            client.close();
        } catch (DeliveryException e) {
            throw new IllegalStateException(e);
        }
        return rate;
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
