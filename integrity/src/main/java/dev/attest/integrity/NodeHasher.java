package dev.attest.integrity;

import static dev.attest.integrity.MerkleHash.SIZE;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * The RFC 9162 §2.1.1 hash functions with one reused digest and input block, so that hashing a node allocates at most
 * its 32-byte result. Not thread-safe: one per thread ({@link MerkleHash#hasher()}) or per builder.
 */
final class NodeHasher {
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private final MessageDigest digest = MerkleHash.sha256();
    private final byte[] block = new byte[1 + 2 * SIZE];

    NodeHasher() {
        block[0] = NODE_PREFIX;
    }

    byte[] leaf(byte[] leaf) {
        digest.update(LEAF_PREFIX);
        digest.update(leaf);
        return digest.digest();
    }

    byte[] node(byte[] left, byte[] right) {
        requireHash(left, "left");
        requireHash(right, "right");
        byte[] out = new byte[SIZE];
        node(left, 0, right, 0, out, 0);
        return out;
    }

    /** Writes SHA-256(0x01 || left[leftOffset..+32] || right[rightOffset..+32]) to out[outOffset..+32]. */
    void node(byte[] left, int leftOffset, byte[] right, int rightOffset, byte[] out, int outOffset) {
        System.arraycopy(left, leftOffset, block, 1, SIZE);
        System.arraycopy(right, rightOffset, block, 1 + SIZE, SIZE);
        digest.update(block);
        try {
            digest.digest(out, outOffset, SIZE);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 writes exactly 32 bytes", e);
        }
    }

    static void requireHash(byte[] hash, String what) {
        if (hash.length != SIZE) {
            throw new IllegalArgumentException(what + " hash must be " + SIZE + " bytes, got " + hash.length);
        }
    }
}
