package dev.attest.core.log;

import dev.attest.core.event.OrganizationId;
import java.util.List;

/**
 * The hashes a backend keeps of an organization's tree: the leaf hash of every event (level 0) and the hash of every
 * complete subtree at the levels {@link LogTree#isStored} names. Implementations read inside the caller's transaction
 * when one is open, so an append sees the nodes it wrote before committing.
 */
public interface TreeHashStore {
    /**
     * The stored hashes of the complete subtrees {@code from} (inclusive) to {@code to} (exclusive) of {@code level},
     * in index order. Level 0 index i is the leaf hash of the event with {@code seq} i + 1.
     *
     * @throws IllegalStateException if any of them is missing (the tree is damaged or the range exceeds the log)
     */
    List<byte[]> read(OrganizationId organization, int level, long from, long to);
}
