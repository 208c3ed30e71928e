package dev.attest.integrity;

import static dev.attest.integrity.MerkleHash.SIZE;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** Verifies RFC 9162 inclusion proofs: that a leaf hash is at a given index of a tree with a given root. */
public final class InclusionProofVerifier {
    private static final HexFormat HEX = HexFormat.of();

    private InclusionProofVerifier() {}

    /**
     * Verifies an inclusion proof as RFC 9162 §2.1.3.2 specifies. Thread-safe.
     *
     * @param index the 0-based index of the leaf
     * @param size the size of the tree whose root is {@code root}
     * @param leafHash the hash of the leaf ({@link MerkleHash#leaf})
     * @param proof the inclusion path, leaf side first, as {@link MerkleTree#inclusionProof} returns it
     * @param root the root hash of the tree of {@code size} leaves
     * @throws InclusionProofException if the proof does not verify; the message says which check failed
     */
    public static void verify(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws InclusionProofException {
        // Step 1.
        if (index < 0 || index >= size) {
            throw new InclusionProofException("leaf index " + index + " is not in a tree of size " + size);
        }
        requireHash(leafHash, "leaf hash");
        requireHash(root, "root hash");
        int expectedLength = proofLength(index, size);
        if (proof.size() != expectedLength) {
            throw new InclusionProofException("the inclusion proof of leaf " + index + " in a tree of size " + size
                    + " has " + expectedLength + " hashes, got " + proof.size());
        }
        for (int i = 0; i < proof.size(); i++) {
            requireHash(proof.get(i), "proof[" + i + "]");
        }
        NodeHasher hasher = MerkleHash.hasher();
        // Steps 2 to 4: fn and sn are the indexes of the current node and of the tree's last node at each level.
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            // Cannot happen after the length check; kept so that the code follows the RFC step by step.
            if (sn == 0) {
                throw new InclusionProofException("the inclusion proof has more hashes than the tree has levels");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = hasher.node(p, r);
                // Skip the levels where the node is the last of the tree and so has no sibling.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = hasher.node(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 5.
        if (sn != 0) {
            throw new InclusionProofException("the inclusion proof has fewer hashes than the tree has levels");
        }
        if (!MessageDigest.isEqual(r, root)) {
            throw new InclusionProofException("leaf " + index + " is not in the tree of size " + size
                    + ": expected root " + HEX.formatHex(root) + ", the proof yields " + HEX.formatHex(r));
        }
    }

    /**
     * The number of hashes in the inclusion proof of leaf {@code index} in a tree of {@code size}. Below the highest bit
     * where index and size - 1 differ, the leaf's path has a sibling at every level; above it, the path runs along the
     * right edge of the tree and has a (left) sibling only where index has a set bit.
     */
    static int proofLength(long index, long size) {
        int inner = Long.SIZE - Long.numberOfLeadingZeros(index ^ (size - 1));
        return inner + Long.bitCount(index >>> inner);
    }

    private static void requireHash(byte[] hash, String what) throws InclusionProofException {
        if (hash.length != SIZE) {
            throw new InclusionProofException(what + " must be " + SIZE + " bytes, got " + hash.length);
        }
    }
}
