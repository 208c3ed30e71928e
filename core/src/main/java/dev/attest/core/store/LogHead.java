package dev.attest.core.store;

import dev.attest.integrity.MerkleHash;
import org.jspecify.annotations.Nullable;

/**
 * The head of an organization's log: its size and, when the store keeps the Merkle tree, the tree's root at that size.
 *
 * @param root 32-byte RFC 9162 root hash; {@code null} when the store does not compute the tree
 */
@SuppressWarnings("ArrayRecordComponent") // a hash; never compared with equals()
public record LogHead(long size, byte @Nullable [] root) {
    /**
     * The head as a store reads it back: an empty log has the empty tree's root (RFC 9162 §2.1.1), a store that keeps
     * no trees has no root.
     */
    public static LogHead of(long size, byte @Nullable [] storedRoot, boolean keepsTrees) {
        if (!keepsTrees) {
            return new LogHead(size, null);
        }
        return new LogHead(size, size == 0 ? MerkleHash.emptyRoot() : storedRoot);
    }
}
