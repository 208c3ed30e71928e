package dev.attest.integrity;

/**
 * Receives each complete subtree as a {@link TreeBuilder} completes it, so that storage can keep the hashes that
 * {@link SubtreeHashes} later serves.
 */
@FunctionalInterface
public interface SubtreeSink {
    /**
     * Called once per complete subtree, leaves included, in the order they complete: for one appended leaf, first the
     * leaf (level 0), then each node it completes, bottom up.
     *
     * @param level 0 for a leaf; a node at level L covers 2^L leaves
     * @param index position within the level: the subtree covers leaves [index * 2^level, (index + 1) * 2^level)
     * @param hash the {@value MerkleHash#SIZE}-byte hash, a new array that the builder never modifies
     */
    void completed(int level, long index, byte[] hash);
}
