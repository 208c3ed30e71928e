package dev.attest.core.store;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventId;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.TreeHashStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The organizations' logs. Append-only: a stored event is immutable and is never updated or deleted (retention aside).
 * Implementations are thread-safe.
 */
public interface EventStore {
    /**
     * Appends the events of several requests in one durable transaction (group commit), and returns only after it
     * committed. Within each organization, new events get the next {@code seq} values in request order, gap-free and
     * strictly increasing.
     *
     * <p>Each new event gets its leaf hash (see {@link dev.attest.core.log.LeafHashes}) and extends its
     * organization's Merkle tree in the same transaction, when the store keeps trees.
     *
     * <p>Idempotent per event: an event whose id is already stored in its organization (also one stored earlier in
     * the same call) is not stored again; its {@link Appended} carries the original {@code seq} and
     * {@code created = false}.
     *
     * @return one list per request, in request order, each with one {@link Appended} per event in event order
     * @throws OrganizationNotFoundException if a request names an organization that does not exist; nothing of the
     *     call is stored then
     */
    List<List<Appended>> append(List<AppendRequest> requests);

    /** The event with that id in that organization. */
    Optional<Event> find(OrganizationId organization, EventId id);

    /**
     * One page of the organization's events matching the filter, newest first: by {@code occurred_at} descending, then
     * {@code seq} descending. Following {@link EventPage#next()} (with the same filter) yields the rest of the events
     * that existed when the first page was read — no duplicates and no gaps, however many events arrive meanwhile.
     *
     * @throws InvalidCursorException if the page's cursor was made for another filter
     */
    EventPage query(EventFilter filter, PageRequest page);

    /**
     * The number of events matching the filter in each of {@code buckets} equal slices of [{@code from},
     * {@code until}) by {@code occurred_at}, with how many of them failed; every bucket is returned, empty ones with
     * zero counts, oldest first.
     */
    List<VolumeBucket> volume(EventFilter filter, Instant from, Instant until, int buckets);

    /** How many events the organization's log holds: the highest {@code seq}, 0 for an empty log. */
    long size(OrganizationId organization);

    /** The organization's log size and tree root, read together; size 0 for an unknown organization. */
    LogHead head(OrganizationId organization);

    /**
     * Streams the events with {@code fromSeq <= seq <= toSeq} in {@code seq} order, without holding them all in memory.
     */
    void scan(OrganizationId organization, long fromSeq, long toSeq, Consumer<Event> consumer);

    /**
     * Streams the stored form of the events with {@code fromSeq <= seq <= toSeq} in {@code seq} order: each event's
     * RFC 8785 canonical bytes exactly as they were hashed, and its leaf hash, without reading them back into
     * {@link Event}s. For exports and verifiers, which must hand on what is stored — damaged bytes included, so that
     * the verifier, not the server, finds the damage.
     */
    void scanLeaves(OrganizationId organization, long fromSeq, long toSeq, LeafConsumer consumer);

    /** Receives one stored event of {@link #scanLeaves}; the arrays are the receiver's to keep. */
    @FunctionalInterface
    interface LeafConsumer {
        void accept(long seq, byte[] canonical, byte[] leafHash);
    }

    /** The stored hashes of the organizations' Merkle trees, for roots and proofs. */
    TreeHashStore treeHashes();
}
