package dev.attest.integrity;

import static dev.attest.integrity.MerkleHash.SIZE;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Verifies RFC 9162 consistency proofs: that a tree is an append-only extension of an older one. */
public final class ConsistencyProofVerifier {
    private static final HexFormat HEX = HexFormat.of();

    private ConsistencyProofVerifier() {}

    /**
     * Verifies a consistency proof as RFC 9162 §2.1.4.2 specifies, and the cases the RFC leaves out: a tree of size 0
     * is consistent with every tree if its root is the empty root and the proof is empty; a tree is consistent with
     * itself if the roots are equal and the proof is empty. Thread-safe.
     *
     * @param oldSize the size of the older tree
     * @param newSize the size of the newer tree
     * @param oldRoot the root hash of the older tree
     * @param newRoot the root hash of the newer tree
     * @param proof the consistency proof as {@link MerkleTree#consistencyProof} returns it
     * @throws ConsistencyProofException if the proof does not verify; the message says which check failed
     */
    public static void verify(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof)
            throws ConsistencyProofException {
        if (oldSize < 0 || newSize < oldSize) {
            throw new ConsistencyProofException(
                    "a tree of size " + newSize + " cannot extend a tree of size " + oldSize);
        }
        requireHash(oldRoot, "old root hash");
        requireHash(newRoot, "new root hash");
        int expectedLength = proofLength(oldSize, newSize);
        if (proof.size() != expectedLength) {
            throw new ConsistencyProofException("the consistency proof from size " + oldSize + " to size " + newSize
                    + " has " + expectedLength + " hashes, got " + proof.size());
        }
        for (int i = 0; i < proof.size(); i++) {
            requireHash(proof.get(i), "proof[" + i + "]");
        }
        if (oldSize == 0) {
            byte[] emptyRoot = MerkleHash.emptyRoot();
            if (!MessageDigest.isEqual(emptyRoot, oldRoot)) {
                throw new ConsistencyProofException("the root of the empty tree is " + HEX.formatHex(emptyRoot)
                        + ", got old root " + HEX.formatHex(oldRoot));
            }
        }
        if (oldSize == newSize && !MessageDigest.isEqual(oldRoot, newRoot)) {
            throw new ConsistencyProofException("two trees of size " + oldSize + " have different roots: old "
                    + HEX.formatHex(oldRoot) + ", new " + HEX.formatHex(newRoot));
        }
        if (oldSize == 0 || oldSize == newSize) {
            return;
        }
        // Step 1 of the RFC is the empty-proof check, done above for 0 < oldSize < newSize (expected length >= 1).
        // Step 2: when the old tree is a complete subtree of the new one, its root starts the path.
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(oldSize) == 1) {
            path.add(oldRoot);
        }
        path.addAll(proof);
        // Steps 3 and 4: skip the levels where the last old leaf is a right child inside a complete old subtree.
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 5.
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        NodeHasher hasher = MerkleHash.hasher();
        // Step 6.
        for (byte[] c : path.subList(1, path.size())) {
            // Cannot happen after the length check; kept so that the code follows the RFC step by step.
            if (sn == 0) {
                throw new ConsistencyProofException("the consistency proof has more hashes than the tree has levels");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = hasher.node(c, fr);
                sr = hasher.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = hasher.node(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 7.
        if (sn != 0) {
            throw new ConsistencyProofException("the consistency proof has fewer hashes than the tree has levels");
        }
        requireRoot("old", oldRoot, fr);
        requireRoot("new", newRoot, sr);
    }

    /**
     * The number of hashes in the consistency proof from {@code oldSize} to {@code newSize}: the inclusion path of the
     * last old leaf, less the levels inside the largest complete old subtree holding it (whose root starts the proof,
     * unless that subtree is the whole old tree, which the verifier already knows).
     */
    static int proofLength(long oldSize, long newSize) {
        if (oldSize == 0 || oldSize == newSize) {
            return 0;
        }
        int shift = Long.numberOfTrailingZeros(oldSize);
        int fromSubtree = InclusionProofVerifier.proofLength(oldSize - 1, newSize) - shift;
        return Long.bitCount(oldSize) == 1 ? fromSubtree : fromSubtree + 1;
    }

    private static void requireRoot(String which, byte[] expected, byte[] actual) throws ConsistencyProofException {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new ConsistencyProofException("expected " + which + " root " + HEX.formatHex(expected)
                    + ", the proof yields " + HEX.formatHex(actual));
        }
    }

    private static void requireHash(byte[] hash, String what) throws ConsistencyProofException {
        if (hash.length != SIZE) {
            throw new ConsistencyProofException(what + " must be " + SIZE + " bytes, got " + hash.length);
        }
    }
}
