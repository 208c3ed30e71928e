package dev.attest.core.ingest;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.InvalidEventException;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.LeafTemplate;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Appended;
import dev.attest.core.store.EventStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single writer of a store. Producers' requests queue here; one thread takes as many as are waiting (up to a
 * group size), appends them in one transaction and only then completes their futures — group commit, so that many
 * concurrent producers share one durable commit instead of paying for one each.
 *
 * <p>The work that does not need a place in the log is done on the producer's thread in {@link #submit}: each event's
 * canonical bytes and the start of its leaf hash ({@link LeafTemplate}), so that the writer only splices in
 * {@code seq} and {@code received_at}, hashes the last few bytes, and runs the SQL.
 *
 * <p>One request can never fail or slow the others of its group: a request with an event that has no canonical bytes
 * (which {@link EventParser} normally refuses before it gets here) fails in {@link #submit} and never joins a group;
 * when a group's transaction fails for another cause, the group is halved until the failing request stands alone, so
 * that one bad request costs the others about 2·log2(group size) attempts, not one commit each.
 *
 * <p>The queue is bounded by events: when it is full, {@link #submit} throws {@link BackpressureException} at once
 * rather than queueing without limit or dropping anything. {@link #close()} stops taking requests and commits every
 * queued one before returning. Thread-safe.
 */
public final class Sequencer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());

    private final EventStore store;
    private final Clock clock;
    private final long maxQueuedEvents;
    private final int maxGroupEvents;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedEvents = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong abortedGroups = new AtomicLong();
    private final AtomicLong committedEvents = new AtomicLong();
    private final Thread writer;

    private record Pending(
            OrganizationId organization,
            List<NewEvent> events,
            List<LeafTemplate> templates,
            CompletableFuture<List<Appended>> done) {}

    /**
     * @param maxQueuedEvents how many events may wait for the writer before producers get backpressure
     * @param maxGroupEvents how many events one transaction takes at most
     */
    public Sequencer(EventStore store, Clock clock, long maxQueuedEvents, int maxGroupEvents) {
        this.store = store;
        this.clock = clock;
        this.maxQueuedEvents = maxQueuedEvents;
        this.maxGroupEvents = maxGroupEvents;
        this.writer = Thread.ofPlatform().name("attest-sequencer").daemon(false).start(this::run);
    }

    /**
     * Queues the events of one request. The future completes after they committed, with one {@link Appended} per
     * event in order, or exceptionally with what the store threw, or at once with an {@link InvalidEventException}
     * when an event has no RFC 8785 canonical form (the request is not queued).
     *
     * @throws BackpressureException if the queue is full
     * @throws ShuttingDownException after {@link #close()} began
     */
    public CompletableFuture<List<Appended>> submit(OrganizationId organization, List<NewEvent> events) {
        if (closing.get()) {
            throw new ShuttingDownException();
        }
        List<LeafTemplate> templates;
        try {
            templates = templates(organization, events);
        } catch (InvalidEventException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        long queued = queuedEvents.addAndGet(events.size());
        if (queued > maxQueuedEvents && queued != events.size()) {
            queuedEvents.addAndGet(-events.size());
            throw new BackpressureException(
                    "the writer queue is full (" + maxQueuedEvents + " events); retry shortly", Duration.ofSeconds(1));
        }
        var pending = new Pending(organization, List.copyOf(events), templates, new CompletableFuture<>());
        queue.add(pending);
        return pending.done();
    }

    /**
     * Queues the events of one request and waits for their commit: {@link #submit} for callers that answer only once
     * their events are durable.
     *
     * @throws BackpressureException if the queue is full
     * @throws ShuttingDownException after {@link #close()} began, or if the waiting thread is interrupted (the server
     *     is stopping; the events may still commit, and a retry with the same ids is safe)
     * @throws CommitTimeoutException if the commit took longer than {@code timeout}
     */
    public List<Appended> append(OrganizationId organization, List<NewEvent> events, Duration timeout) {
        CompletableFuture<List<Appended>> commit = submit(organization, events);
        try {
            return commit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new CommitTimeoutException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShuttingDownException();
        }
    }

    /** Events taken but not yet committed: queued, or in the transaction under way. */
    public long pendingEvents() {
        return queuedEvents.get();
    }

    /** Transactions committed so far. */
    public long groups() {
        return groups.get();
    }

    /** Transactions that failed and were rolled back so far (their requests were retried or failed). */
    public long abortedGroups() {
        return abortedGroups.get();
    }

    /** Events committed so far (replays of stored ids included). */
    public long committedEvents() {
        return committedEvents.get();
    }

    /** Whether the writer thread runs. */
    public boolean isRunning() {
        return writer.isAlive() && !closing.get();
    }

    private void run() {
        var group = new ArrayList<Pending>();
        while (true) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing.get() && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                group.add(first);
                int events = first.events().size();
                Pending next;
                while (events < maxGroupEvents
                        && (next = queue.peek()) != null
                        && events + next.events().size() <= maxGroupEvents) {
                    group.add(queue.remove());
                    events += next.events().size();
                }
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "sequencer failed outside a commit", e);
            } finally {
                for (Pending pending : group) {
                    queuedEvents.addAndGet(-pending.events().size());
                }
                group.clear();
            }
        }
    }

    private void commit(List<Pending> group) {
        Instant receivedAt = EventParser.truncateToMicros(clock.instant());
        var requests = group.stream()
                .map(p -> new AppendRequest(p.organization(), receivedAt, p.events(), p.templates()))
                .toList();
        try {
            List<List<Appended>> results = store.append(requests);
            groups.incrementAndGet();
            for (int i = 0; i < group.size(); i++) {
                committedEvents.addAndGet(group.get(i).events().size());
                group.get(i).done().complete(results.get(i));
            }
        } catch (RuntimeException e) {
            abortedGroups.incrementAndGet();
            if (group.size() == 1) {
                group.getFirst().done().completeExceptionally(e);
                return;
            }
            isolate(group);
        }
    }

    /** Commits what can be committed of a group whose transaction failed, failing only the requests that spoil it. */
    private void isolate(List<Pending> group) {
        int half = group.size() / 2;
        commit(group.subList(0, half));
        commit(group.subList(half, group.size()));
    }

    /** One template per event, or the event's violation if it has no canonical form. */
    private static List<LeafTemplate> templates(OrganizationId organization, List<NewEvent> events) {
        var templates = new ArrayList<LeafTemplate>(events.size());
        for (NewEvent event : events) {
            try {
                templates.add(LeafTemplate.of(organization, event));
            } catch (IllegalArgumentException e) {
                // Reports the offending value's JSON Pointer as the parser does.
                EventParser.requireCanonical(organization, event);
                throw e;
            }
        }
        return List.copyOf(templates);
    }

    /** Stops taking requests, commits every queued one, and waits for the writer to finish. */
    @Override
    public void close() {
        closing.set(true);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
