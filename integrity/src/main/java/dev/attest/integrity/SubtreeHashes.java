package dev.attest.integrity;

/**
 * Read access to the hashes of complete subtrees of a log's Merkle tree: how storage serves them to {@link MerkleTree}.
 *
 * <p>A complete subtree at {@code level} L and {@code index} i covers leaves [i * 2^L, (i + 1) * 2^L); level 0 holds
 * the leaf hashes. Because the tree only grows, the hash of a complete subtree never changes once it exists
 * (RFC 9162 §2.1.1), which is what makes it safe to store and serve.
 */
@FunctionalInterface
public interface SubtreeHashes {
    /**
     * Returns the {@value MerkleHash#SIZE}-byte hash of a complete subtree. Callers only ask for subtrees that lie
     * entirely within the tree size they are working on.
     */
    byte[] hash(int level, long index);
}
