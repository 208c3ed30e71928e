package dev.attest.bench;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.Storage;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Attest end to end: a real {@link AttestServer} on 127.0.0.1, port 0, over a fresh SQLite data directory, fed by
 * HTTP clients on the same machine — batches (b1), single events from many closed-loop clients (b2), and single
 * events at a fixed rate, open loop, for ack latency (b3).
 */
final class IngestBench {
    private IngestBench() {}

    /** A running server with one organization over a store of the run's backend, as {@code attest serve} runs it. */
    static final class Server implements AutoCloseable {
        final Backend.Store store;
        final Storage storage;
        final AttestServer server;
        final OrganizationId organization;
        final String apiKey;

        Server(Backend.Store store, Clock clock) {
            this.store = store;
            storage = store.storage();
            server = AttestServer.builder()
                    .storage(storage)
                    .signer(CheckpointKey.loadOrCreate(
                            store.directory().resolve(CheckpointKey.FILE_NAME), "bench.local"))
                    .installation("bench.local")
                    .clock(clock)
                    .host("127.0.0.1")
                    .port(0)
                    .build()
                    .start();
            Onboarding.Created created = new Onboarding(storage.organizations(), clock).create("Bench");
            organization = created.organization().id();
            apiKey = created.apiKey().secret();
        }

        PlainHttp connect() {
            return new PlainHttp("127.0.0.1", server.port(), apiKey);
        }

        String eventsPath() {
            return "/v1/organizations/" + organization.value() + "/events";
        }

        @Override
        public void close() {
            server.stop();
            store.close();
        }
    }

    /** A throughput: events acknowledged in a time, requests refused, and the writer's mean group size. */
    record Throughput(long events, long nanos, long failures, String firstFailure, double meanGroupEvents) {
        double eventsPerSecond() {
            return events * 1e9 / nanos;
        }
    }

    /** (b1) Sends every body once from {@code clients} closed-loop clients; the figure is all events over wall time. */
    static Throughput batches(Server target, Bodies bodies, int clients) throws InterruptedException {
        var next = new AtomicInteger();
        var acknowledged = new AtomicLong();
        var failures = new AtomicLong();
        var firstFailure = new AtomicReference<>("");
        Sequencer sequencer = target.server.sequencer();
        long groups = sequencer.groups();
        long committed = sequencer.committedEvents();
        long start = System.nanoTime();
        runClients(clients, () -> {
            try (PlainHttp http = target.connect()) {
                while (next.getAndIncrement() < bodies.size()) {
                    send(http, target.eventsPath(), bodies, acknowledged, failures, firstFailure);
                }
            }
        });
        long nanos = System.nanoTime() - start;
        return new Throughput(
                acknowledged.get(), nanos, failures.get(), firstFailure.get(), meanGroup(sequencer, groups, committed));
    }

    /** (b2) {@code clients} closed-loop clients sending single events; counts what is acknowledged in the window. */
    static Throughput closedLoop(Server target, Bodies bodies, int clients, Duration warmup, Duration window)
            throws InterruptedException {
        var stop = new AtomicBoolean();
        var acknowledged = new AtomicLong();
        var failures = new AtomicLong();
        var firstFailure = new AtomicReference<>("");
        Sequencer sequencer = target.server.sequencer();
        // Written by the timer thread, read after joining it: [t0, acknowledged, failures, groups, committed, t1, …].
        var marks = new long[10];
        Thread timer = Thread.ofPlatform().name("bench-timer").start(() -> {
            LockSupport.parkNanos(warmup.toNanos());
            marks[0] = System.nanoTime();
            marks[1] = acknowledged.get();
            marks[2] = failures.get();
            marks[3] = sequencer.groups();
            marks[4] = sequencer.committedEvents();
            LockSupport.parkNanos(window.toNanos());
            marks[5] = System.nanoTime();
            marks[6] = acknowledged.get();
            marks[7] = failures.get();
            marks[8] = sequencer.groups();
            marks[9] = sequencer.committedEvents();
            stop.set(true);
        });
        runClients(clients, () -> {
            try (PlainHttp http = target.connect()) {
                while (!stop.get()) {
                    send(http, target.eventsPath(), bodies, acknowledged, failures, firstFailure);
                }
            }
        });
        timer.join();
        long groups = marks[8] - marks[3];
        return new Throughput(
                marks[6] - marks[1],
                marks[5] - marks[0],
                marks[7] - marks[2],
                firstFailure.get(),
                groups == 0 ? 0 : (double) (marks[9] - marks[4]) / groups);
    }

    /** What the open-loop run measured. */
    record Paced(Latencies latencies, double offeredPerSecond, long failures, String firstFailure, long late) {}

    /**
     * (b3) Single events scheduled at fixed intervals, each sent from its own virtual thread over a pooled
     * connection; latency runs from the scheduled send time to the acknowledgement, so a stalled server is charged
     * for every request it delayed (no coordinated omission).
     */
    static Paced openLoop(Server target, Bodies bodies, double perSecond, Duration warmup, Duration window)
            throws InterruptedException {
        long interval = Math.max(1, (long) (1e9 / perSecond));
        int warmupCount = (int) (warmup.toNanos() / interval);
        int total = warmupCount + (int) (window.toNanos() / interval);
        long[] latency = new long[total];
        var pool = new ConcurrentLinkedDeque<PlainHttp>();
        for (int i = 0; i < 64; i++) {
            pool.push(target.connect());
        }
        var failures = new AtomicLong();
        var firstFailure = new AtomicReference<>("");
        long late = 0;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime() + 10_000_000L;
            for (int i = 0; i < total; i++) {
                long scheduled = start + i * interval;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (wait < -1_000_000L) {
                    late++;
                }
                int index = i;
                executor.execute(() -> {
                    PlainHttp http = pool.poll();
                    if (http == null) {
                        http = target.connect();
                    }
                    try {
                        PlainHttp.Response response = http.post(target.eventsPath(), bodies.next());
                        latency[index] = System.nanoTime() - scheduled;
                        if (response.status() != 201) {
                            fail(failures, firstFailure, response.status() + " " + response.text());
                        }
                        pool.push(http);
                    } catch (IOException e) {
                        latency[index] = System.nanoTime() - scheduled;
                        fail(failures, firstFailure, e.toString());
                        http.close();
                    }
                });
            }
        }
        pool.forEach(PlainHttp::close);
        var measured = new Latencies(total - warmupCount);
        for (int i = warmupCount; i < total; i++) {
            measured.add(latency[i]);
        }
        return new Paced(measured, 1e9 / interval, failures.get(), firstFailure.get(), late);
    }

    private static void send(
            PlainHttp http,
            String path,
            Bodies bodies,
            AtomicLong acknowledged,
            AtomicLong failures,
            AtomicReference<String> firstFailure) {
        try {
            PlainHttp.Response response = http.post(path, bodies.next());
            if (response.status() == 201) {
                acknowledged.addAndGet(bodies.eventsPerBody());
            } else {
                fail(failures, firstFailure, response.status() + " " + response.text());
            }
        } catch (IOException e) {
            fail(failures, firstFailure, e.toString());
            http.close();
        }
    }

    private static void fail(AtomicLong failures, AtomicReference<String> first, String what) {
        failures.incrementAndGet();
        first.compareAndSet("", what.length() > 300 ? what.substring(0, 300) : what);
    }

    private static double meanGroup(Sequencer sequencer, long groupsBefore, long committedBefore) {
        long groups = sequencer.groups() - groupsBefore;
        return groups == 0 ? 0 : (double) (sequencer.committedEvents() - committedBefore) / groups;
    }

    private static void runClients(int clients, Runnable client) throws InterruptedException {
        var threads = new ArrayList<Thread>(clients);
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().name("bench-client-" + i).start(client));
        }
        for (Thread thread : List.copyOf(threads)) {
            thread.join();
        }
    }
}
