package dev.attest.integrity;

import static dev.attest.integrity.NodeHasher.requireHash;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds an RFC 9162 §2.1.1 Merkle tree one leaf hash at a time while keeping only its frontier: the roots of the
 * maximal complete subtrees of the tree so far, one per set bit of its size (at most 63 hashes).
 *
 * <p>A sequencer that has stored the frontier of a tree of size n {@linkplain #resume resumes} from it and continues
 * appending, without reading any leaf. Every complete subtree, leaves included, is reported to the {@link SubtreeSink}
 * when it completes.
 *
 * <p>Not thread-safe.
 */
public final class TreeBuilder {
    private static final SubtreeSink IGNORE = (level, index, hash) -> {};

    private final NodeHasher hasher = new NodeHasher();
    /**
     * frontier[level] is the root of a complete subtree of 2^level leaves when bit {@code level} of size is set; other
     * entries are stale and never read.
     */
    private final byte[][] frontier = new byte[Long.SIZE][];

    private final SubtreeSink sink;
    private long size;

    /** An empty tree whose completed subtrees are not reported. */
    public TreeBuilder() {
        this(IGNORE);
    }

    /** An empty tree that reports every completed subtree to {@code sink}. */
    public TreeBuilder(SubtreeSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Resumes a tree of {@code size} leaves from its {@link #frontier()}; completed subtrees are not reported. */
    public static TreeBuilder resume(long size, List<byte[]> frontier) {
        return resume(size, frontier, IGNORE);
    }

    /**
     * Resumes a tree of {@code size} leaves from its {@link #frontier()}, reporting subtrees completed from now on.
     *
     * @param frontier the roots of the maximal complete subtrees of the tree, largest (leftmost) first: one per set bit
     *     of {@code size}
     * @throws IllegalArgumentException if size is negative, or the frontier does not have one 32-byte hash per set bit
     */
    public static TreeBuilder resume(long size, List<byte[]> frontier, SubtreeSink sink) {
        if (size < 0) {
            throw new IllegalArgumentException("tree size must not be negative, got " + size);
        }
        if (frontier.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("the frontier of a tree of size " + size + " has " + Long.bitCount(size)
                    + " hashes (one per set bit of the size), got " + frontier.size());
        }
        TreeBuilder builder = new TreeBuilder(sink);
        int next = 0;
        for (int level = Long.SIZE - 1; level >= 0; level--) {
            if (bit(size, level)) {
                byte[] hash = frontier.get(next++);
                requireHash(hash, "frontier[" + (next - 1) + "]");
                builder.frontier[level] = hash.clone();
            }
        }
        builder.size = size;
        return builder;
    }

    /** The number of leaves appended so far, including those before {@link #resume}. */
    public long size() {
        return size;
    }

    /**
     * Appends the hash of the next leaf ({@link MerkleHash#leaf}). Reports the leaf and then every node it completes to
     * the sink; if the sink throws, the tree is left unchanged.
     *
     * @throws IllegalArgumentException if the hash is not 32 bytes
     * @throws IllegalStateException if the tree already has 2^63 - 1 leaves
     */
    public void append(byte[] leafHash) {
        requireHash(leafHash, "leaf");
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("the tree is full at 2^63 - 1 leaves");
        }
        long index = size;
        byte[] hash = leafHash.clone();
        sink.completed(0, index, hash);
        // Each set low bit of the old size is a complete subtree immediately to the left: merge with it, bottom up.
        int level = 0;
        while (bit(size, level)) {
            hash = hasher.node(frontier[level], hash);
            level++;
            sink.completed(level, index >>> level, hash);
        }
        frontier[level] = hash;
        size++;
    }

    /**
     * The root hash of the tree at its current size (RFC 9162 §2.1.1 MTH): the frontier folded from right to left, or
     * {@link MerkleHash#emptyRoot()} for the empty tree.
     */
    public byte[] root() {
        byte[] root = null;
        for (int level = 0; level < Long.SIZE; level++) {
            if (bit(size, level)) {
                root = root == null ? frontier[level].clone() : hasher.node(frontier[level], root);
            }
        }
        return root == null ? MerkleHash.emptyRoot() : root;
    }

    /** Copies of the roots of the maximal complete subtrees, largest (leftmost) first; what {@link #resume} needs. */
    public List<byte[]> frontier() {
        List<byte[]> hashes = new ArrayList<>(Long.bitCount(size));
        for (int level = Long.SIZE - 1; level >= 0; level--) {
            if (bit(size, level)) {
                hashes.add(frontier[level].clone());
            }
        }
        return hashes;
    }

    private static boolean bit(long value, int position) {
        return (value >>> position & 1) == 1;
    }
}
