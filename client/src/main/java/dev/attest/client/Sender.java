package dev.attest.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The asynchronous half of the client: a bounded buffer, and sender threads that take batches from it (up to
 * {@code maxBatch} events, waiting at most {@code linger} for a batch to fill) and deliver them through the
 * {@link Transport}. Every event taken is tracked until it is acknowledged or has failed; failures are kept until a
 * {@link #flush()} reports them. Thread-safe.
 */
final class Sender {
    private static final long IDLE_POLL_MILLIS = 50;

    private final Transport transport;
    private final BlockingQueue<Pending> buffer;
    private final int maxBatch;
    private final long lingerNanos;
    private final AttestClient.Overflow overflow;
    private final Set<Pending> outstanding = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<FailedEvent> unreported = new ConcurrentLinkedQueue<>();
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private final AtomicInteger flushes = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;
    private volatile boolean stopped;

    /** One event on its way, and the future its producer holds. Identity matters: never a record. */
    private static final class Pending {
        final Event event;
        final CompletableFuture<SendResult> future = new CompletableFuture<>();

        Pending(Event event) {
            this.event = event;
        }
    }

    Sender(
            Transport transport,
            int capacity,
            int maxBatch,
            Duration linger,
            AttestClient.Overflow overflow,
            int senders) {
        this.transport = transport;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.overflow = overflow;
        for (int i = 0; i < senders; i++) {
            threads.add(Thread.ofPlatform()
                    .name("attest-client-sender-" + i)
                    .daemon(true)
                    .start(this::run));
        }
    }

    CompletableFuture<SendResult> enqueue(Event event) {
        var pending = new Pending(event);
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the client is closed; " + event.id() + " was not taken");
            }
            outstanding.add(pending);
        } finally {
            closing.readLock().unlock();
        }
        boolean taken;
        try {
            taken = overflow == AttestClient.Overflow.BLOCK ? put(pending) : buffer.offer(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outstanding.remove(pending);
            throw new BufferFullException(
                    "interrupted while waiting for room in the buffer; " + event.id() + " was not taken");
        }
        if (!taken) {
            outstanding.remove(pending);
            throw new BufferFullException("the buffer holds " + buffer.size() + " events waiting for the server; "
                    + event.id() + " was not taken (retry later, flush(), or use Overflow.BLOCK)");
        }
        return pending.future;
    }

    private boolean put(Pending pending) throws InterruptedException {
        buffer.put(pending);
        return true;
    }

    /** Waits until every event taken before the call is acknowledged or failed; reports the failures not yet reported. */
    void flush() throws DeliveryException {
        List<Pending> snapshot = List.copyOf(outstanding);
        flushes.incrementAndGet();
        try {
            for (Pending pending : snapshot) {
                pending.future.handle((result, error) -> null).join();
            }
        } finally {
            flushes.decrementAndGet();
        }
        var failures = new ArrayList<FailedEvent>();
        for (FailedEvent failure; (failure = unreported.poll()) != null; ) {
            failures.add(failure);
        }
        if (!failures.isEmpty()) {
            throw new DeliveryException(failures);
        }
    }

    /** Takes no more events, delivers everything taken, stops the threads, and reports what failed. */
    void close() throws DeliveryException {
        closing.writeLock().lock();
        try {
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        try {
            while (!outstanding.isEmpty()) {
                flushQuietly();
            }
        } finally {
            stopped = true;
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        flush();
    }

    private void flushQuietly() {
        List<Pending> snapshot = List.copyOf(outstanding);
        flushes.incrementAndGet();
        try {
            snapshot.forEach(p -> p.future.handle((result, error) -> null).join());
        } finally {
            flushes.decrementAndGet();
        }
    }

    /** Events taken and not yet acknowledged or failed. */
    int outstanding() {
        return outstanding.size();
    }

    private void run() {
        while (!stopped) {
            List<Pending> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                // Only close() stops a sender; an interrupt from elsewhere must not strand taken events.
                continue;
            }
            if (!batch.isEmpty()) {
                deliver(batch);
            }
        }
    }

    private List<Pending> nextBatch() throws InterruptedException {
        Pending first = buffer.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        var batch = new ArrayList<Pending>(Math.min(maxBatch, 64));
        batch.add(first);
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < maxBatch) {
            if (closed || flushes.get() > 0) {
                buffer.drainTo(batch, maxBatch - batch.size());
                break;
            }
            long left = deadline - System.nanoTime();
            Pending next = left <= 0 ? buffer.poll() : buffer.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void deliver(List<Pending> batch) {
        Transport.BatchResult result;
        try {
            result = transport.deliver(batch.stream().map(p -> p.event).toList());
        } catch (RuntimeException e) {
            var failures = batch.stream()
                    .map(p -> new FailedEvent(p.event, 0, true, "the client failed: " + e))
                    .toList();
            result = new Transport.BatchResult(java.util.Map.of(), failures);
        }
        var failedByEvent = new java.util.IdentityHashMap<Event, FailedEvent>();
        result.failed().forEach(f -> failedByEvent.put(f.event(), f));
        for (Pending pending : batch) {
            SendResult ok = result.delivered().get(pending.event);
            FailedEvent failure = failedByEvent.get(pending.event);
            if (ok != null) {
                outstanding.remove(pending);
                pending.future.complete(ok);
            } else {
                FailedEvent reported = failure != null
                        ? failure
                        : new FailedEvent(pending.event, 0, true, "the server's answer did not mention the event");
                unreported.add(reported);
                outstanding.remove(pending);
                pending.future.completeExceptionally(new DeliveryException(List.of(reported)));
            }
        }
    }
}
