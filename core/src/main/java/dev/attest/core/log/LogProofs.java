package dev.attest.core.log;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.store.EventStore;
import dev.attest.integrity.MerkleTree;
import java.util.List;

/**
 * Roots and proofs of organizations' logs (RFC 9162 §2.1.1, §2.1.3, §2.1.4), computed from the hashes the store keeps:
 * what the API serves, the console's drawer checks and an import verifies. Thread-safe.
 */
public final class LogProofs {
    private final EventStore events;

    public LogProofs(EventStore events) {
        this.events = events;
    }

    /**
     * An inclusion proof: {@code hashes} lead from {@code leafHash} to {@code rootHash}.
     *
     * @param seq the event's position; its leaf index is {@code seq - 1}
     */
    @SuppressWarnings("ArrayRecordComponent") // hashes; never compared with equals()
    public record Inclusion(long seq, long treeSize, byte[] leafHash, byte[] rootHash, List<byte[]> hashes) {}

    /** A consistency proof: {@code hashes} show that the tree of {@code to} extends the tree of {@code from}. */
    @SuppressWarnings("ArrayRecordComponent") // hashes; never compared with equals()
    public record Consistency(long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> hashes) {}

    /**
     * The root of the organization's tree of its first {@code size} events.
     *
     * @throws IllegalArgumentException if {@code size} is negative
     * @throws IllegalStateException if the log is smaller or its stored hashes are missing
     */
    public byte[] root(OrganizationId organization, long size) {
        return tree(organization).root(size);
    }

    /**
     * The proof that the event {@code seq} is in the organization's tree of {@code treeSize} events.
     *
     * @throws IllegalArgumentException unless {@code 1 <= seq <= treeSize}
     * @throws IllegalStateException if the log is smaller than {@code treeSize} or its stored hashes are missing
     */
    public Inclusion inclusion(OrganizationId organization, long seq, long treeSize) {
        if (seq < 1 || seq > treeSize) {
            throw new IllegalArgumentException("seq must be between 1 and the tree size " + treeSize + ", not " + seq);
        }
        MerkleTree tree = tree(organization);
        return new Inclusion(
                seq,
                treeSize,
                events.treeHashes().read(organization, 0, seq - 1, seq).getFirst(),
                tree.root(treeSize),
                tree.inclusionProof(seq - 1, treeSize));
    }

    /**
     * The proof that the organization's tree of {@code to} events extends its tree of {@code from}.
     *
     * @throws IllegalArgumentException unless {@code 1 <= from <= to}
     * @throws IllegalStateException if the log is smaller than {@code to} or its stored hashes are missing
     */
    public Consistency consistency(OrganizationId organization, long from, long to) {
        if (from < 1 || from > to) {
            throw new IllegalArgumentException("from must be between 1 and " + to + ", not " + from);
        }
        MerkleTree tree = tree(organization);
        return new Consistency(from, to, tree.root(from), tree.root(to), tree.consistencyProof(from, to));
    }

    private MerkleTree tree(OrganizationId organization) {
        return new MerkleTree(LogTree.subtreeHashes(events.treeHashes(), organization));
    }
}
