package dev.attest.integrity;

import static dev.attest.integrity.MerkleHash.SIZE;
import static dev.attest.integrity.NodeHasher.requireHash;

import java.util.List;

/**
 * {@link SubtreeHashes} over a list of leaf hashes held in memory, with every complete subtree hashed once up front
 * (about twice the memory of the leaf hashes): for tests and for verifying an export offline.
 *
 * <p>Immutable and thread-safe. Holds up to 67,108,863 leaves (one flat array per level).
 */
public final class InMemorySubtreeHashes implements SubtreeHashes {
    private static final int MAX_LEAVES = Integer.MAX_VALUE / SIZE;

    /** levels[L] holds the hashes of the (size >> L) complete subtrees at level L, 32 bytes each, left to right. */
    private final byte[][] levels;

    private final long size;

    private InMemorySubtreeHashes(byte[][] levels, long size) {
        this.levels = levels;
        this.size = size;
    }

    /**
     * Hashes every complete subtree of the tree whose leaves have these hashes ({@link MerkleHash#leaf}).
     *
     * @throws IllegalArgumentException if a hash is not 32 bytes, or there are more than 67,108,863 leaves
     */
    public static InMemorySubtreeHashes of(List<byte[]> leafHashes) {
        int count = leafHashes.size();
        if (count > MAX_LEAVES) {
            throw new IllegalArgumentException("at most " + MAX_LEAVES + " leaves fit in memory, got " + count);
        }
        int height = count == 0 ? 1 : Long.SIZE - Long.numberOfLeadingZeros(count);
        byte[][] levels = new byte[height][];
        levels[0] = new byte[count * SIZE];
        for (int i = 0; i < count; i++) {
            byte[] leaf = leafHashes.get(i);
            requireHash(leaf, "leafHashes[" + i + "]");
            System.arraycopy(leaf, 0, levels[0], i * SIZE, SIZE);
        }
        NodeHasher hasher = new NodeHasher();
        for (int level = 1; level < height; level++) {
            byte[] below = levels[level - 1];
            byte[] here = new byte[(count >> level) * SIZE];
            for (int offset = 0; offset < here.length; offset += SIZE) {
                hasher.node(below, 2 * offset, below, 2 * offset + SIZE, here, offset);
            }
            levels[level] = here;
        }
        return new InMemorySubtreeHashes(levels, count);
    }

    /** The number of leaves. */
    public long size() {
        return size;
    }

    /**
     * Returns a copy of the hash of a complete subtree.
     *
     * @throws IllegalArgumentException if no complete subtree of this tree has that level and index
     */
    @Override
    public byte[] hash(int level, long index) {
        if (level < 0 || level >= levels.length || index < 0 || index >= size >> level) {
            throw new IllegalArgumentException(
                    "a tree of size " + size + " has no complete subtree at level " + level + ", index " + index);
        }
        int offset = (int) index * SIZE;
        byte[] hash = new byte[SIZE];
        System.arraycopy(levels[level], offset, hash, 0, SIZE);
        return hash;
    }
}
