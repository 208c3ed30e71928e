package dev.attest.integrity;

import static dev.attest.integrity.MerkleHash.SIZE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Roots and proofs of a log's RFC 9162 Merkle tree, computed from the stored hashes of its complete subtrees.
 *
 * <p>Every method asks {@link SubtreeHashes} for O(log n) hashes, never for a leaf range: the recursions of RFC 9162
 * §2.1.3.1 and §2.1.4.1 split a range at the largest power of two below its width, so every range they visit is a
 * complete subtree, except ranges that end at the tree size; each of those is the fold of at most 63 complete subtrees,
 * and a proof needs at most one of them.
 *
 * <p>Thread-safe if the {@link SubtreeHashes} is. Every returned array is new.
 */
public final class MerkleTree {
    private final SubtreeHashes hashes;

    /** A tree whose complete subtrees are served by {@code hashes}. */
    public MerkleTree(SubtreeHashes hashes) {
        this.hashes = Objects.requireNonNull(hashes, "hashes");
    }

    /**
     * The root hash of the first {@code size} leaves: RFC 9162 §2.1.1 MTH(D[size]).
     *
     * @throws IllegalArgumentException if size is negative
     */
    public byte[] root(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("tree size must not be negative, got " + size);
        }
        return size == 0 ? MerkleHash.emptyRoot() : rangeHash(0, size);
    }

    /**
     * The inclusion proof of leaf {@code index} in the tree of {@code size} leaves: RFC 9162 §2.1.3.1 PATH(index,
     * D[size]), ordered from the leaf's sibling up to the root's child.
     *
     * @throws IllegalArgumentException unless 0 <= index < size
     */
    public List<byte[]> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index must be in [0, " + size + "), got " + index);
        }
        // PATH(m, D[n]) appends the sibling of the half holding m to the path within that half, so the recursion
        // collects the proof top-down; it is reversed at the end.
        List<byte[]> topDown = new ArrayList<>();
        long start = 0;
        long end = size;
        while (end - start > 1) {
            long k = largestPowerOfTwoBelow(end - start);
            if (index < start + k) {
                topDown.add(rangeHash(start + k, end));
                end = start + k;
            } else {
                topDown.add(rangeHash(start, start + k));
                start += k;
            }
        }
        Collections.reverse(topDown);
        return Collections.unmodifiableList(topDown);
    }

    /**
     * The consistency proof from the tree of {@code oldSize} leaves to the tree of {@code newSize} leaves: RFC 9162
     * §2.1.4.1 PROOF(oldSize, D[newSize]). Empty when oldSize is 0 or equals newSize.
     *
     * @throws IllegalArgumentException unless 0 <= oldSize <= newSize
     */
    public List<byte[]> consistencyProof(long oldSize, long newSize) {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException(
                    "sizes must satisfy 0 <= oldSize <= newSize, got " + oldSize + " and " + newSize);
        }
        if (oldSize == 0 || oldSize == newSize) {
            return List.of();
        }
        // SUBPROOF(m, D[start:end], b), with m kept absolute; as above, collected top-down.
        List<byte[]> topDown = new ArrayList<>();
        long start = 0;
        long end = newSize;
        boolean wholeOldTree = true;
        while (oldSize != end) {
            long k = largestPowerOfTwoBelow(end - start);
            if (oldSize <= start + k) {
                topDown.add(rangeHash(start + k, end));
                end = start + k;
            } else {
                topDown.add(rangeHash(start, start + k));
                start += k;
                wholeOldTree = false;
            }
        }
        // SUBPROOF(m, D[m], b) is empty when D[m] is the whole old tree (the verifier knows its root), else MTH(D[m]).
        if (!wholeOldTree) {
            topDown.add(rangeHash(start, end));
        }
        Collections.reverse(topDown);
        return Collections.unmodifiableList(topDown);
    }

    /** The largest power of two strictly below {@code width}, for width >= 2 (the k of RFC 9162 §2.1.1). */
    private static long largestPowerOfTwoBelow(long width) {
        return Long.highestOneBit(width - 1);
    }

    /**
     * MTH(D[start:end]) for a range whose start is a multiple of the largest power of two not above its width: one
     * complete subtree, or several (one per set bit of the width, largest first) folded from the right.
     */
    private byte[] rangeHash(long start, long end) {
        long width = end - start;
        if (width <= 0 || start % Long.highestOneBit(width) != 0) {
            throw new IllegalStateException("not an aligned range: [" + start + ", " + end + ")");
        }
        byte[][] parts = new byte[Long.bitCount(width)][];
        long position = start;
        int count = 0;
        for (int level = Long.SIZE - 1; level >= 0; level--) {
            if ((width >>> level & 1) == 1) {
                parts[count++] = subtree(level, position >>> level);
                position += 1L << level;
            }
        }
        byte[] hash = parts[count - 1];
        for (int i = count - 2; i >= 0; i--) {
            hash = MerkleHash.hasher().node(parts[i], hash);
        }
        return hash;
    }

    private byte[] subtree(int level, long index) {
        byte[] hash = hashes.hash(level, index);
        if (hash.length != SIZE) {
            throw new IllegalStateException("the hash of the subtree at level " + level + ", index " + index + " has "
                    + hash.length + " bytes, expected " + SIZE);
        }
        return hash.clone();
    }
}
