package dev.attest.core.log;

import dev.attest.core.event.OrganizationId;
import dev.attest.integrity.TreeBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Grows organizations' trees inside a store's append transaction. It keeps each organization's frontier (at most 63
 * hashes) in memory, so an append reads nothing from the tree; when the cached frontier does not match the log's size
 * (another process appended, or the cache is cold) it reloads it from the stored hashes. A frontier reaches the cache
 * only once its transaction committed. Thread-safe; one {@link Batch} per transaction.
 */
public final class TreeAppender {
    private record Frontier(long size, List<byte[]> hashes) {}

    private final Map<OrganizationId, Frontier> frontiers = new ConcurrentHashMap<>();

    /** The work of one append transaction. Not thread-safe. */
    public final class Batch {
        private final TreeHashStore store;
        private final Map<OrganizationId, TreeBuilder> builders = new HashMap<>();
        private final List<TreeNode> nodes = new ArrayList<>();

        private Batch(TreeHashStore store) {
            this.store = store;
        }

        /**
         * Appends the leaf hash of the organization's event {@code seq}, which must be the organization's log size + 1
         * as this transaction sees it ({@code sizeBefore} for the first event of the organization in this batch).
         *
         * @param leaf the event's leaf hash ({@link LeafHashes}), to be stored with it
         */
        public void append(OrganizationId org, long seq, byte[] leaf, long sizeBefore) {
            TreeBuilder builder = builders.computeIfAbsent(org, o -> resume(o, sizeBefore));
            if (builder.size() != seq - 1) {
                throw new IllegalStateException(
                        "event seq " + seq + " does not follow the tree of size " + builder.size() + " of " + org);
            }
            builder.append(leaf);
        }

        private TreeBuilder resume(OrganizationId org, long size) {
            Frontier cached = frontiers.get(org);
            List<byte[]> frontier = cached != null && cached.size() == size
                    ? cached.hashes()
                    : LogTree.frontier(LogTree.subtreeHashes(store, org), size);
            return TreeBuilder.resume(size, frontier, (level, index, hash) -> {
                if (LogTree.isStored(level)) {
                    nodes.add(new TreeNode(org, level, index, hash));
                }
            });
        }

        /** The nodes completed by this batch, which the store must write in the same transaction. */
        public List<TreeNode> nodes() {
            return List.copyOf(nodes);
        }

        /** The organizations this batch grew, each with its new size and root. */
        public Map<OrganizationId, Head> heads() {
            var heads = new HashMap<OrganizationId, Head>();
            builders.forEach((org, builder) -> heads.put(org, new Head(builder.size(), builder.root())));
            return heads;
        }

        /** Call after the transaction committed: the new frontiers become the cache. */
        public void committed() {
            builders.forEach((org, builder) -> frontiers.put(org, new Frontier(builder.size(), builder.frontier())));
        }
    }

    /**
     * A log's size and the root hash of its tree at that size.
     *
     * @param root 32-byte RFC 9162 root hash
     */
    @SuppressWarnings("ArrayRecordComponent") // a hash; never compared with equals()
    public record Head(long size, byte[] root) {}

    /** Starts the tree work of one transaction, reading stored hashes through {@code store} when needed. */
    public Batch begin(TreeHashStore store) {
        return new Batch(store);
    }

    /** Forgets every cached frontier, e.g. after the database changed underneath. */
    public void clear() {
        frontiers.clear();
    }
}
