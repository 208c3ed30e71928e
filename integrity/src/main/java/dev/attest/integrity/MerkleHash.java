package dev.attest.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 9162 §2.1.1 hashing of leaves and interior nodes with SHA-256.
 *
 * <p>The one-byte prefixes (0x00 for a leaf, 0x01 for a node) separate the two domains, so that no node hash can be
 * passed off as the hash of a 64-byte leaf (RFC 9162 §2.1.1, second-preimage resistance).
 *
 * <p>Thread-safe: each thread reuses one {@link MessageDigest}. Every returned array is new and owned by the caller.
 */
public final class MerkleHash {
    /** Length in bytes of every leaf, node and root hash (SHA-256). */
    public static final int SIZE = 32;

    private static final byte[] EMPTY_ROOT = sha256().digest();
    private static final ThreadLocal<NodeHasher> HASHER = ThreadLocal.withInitial(NodeHasher::new);

    private MerkleHash() {}

    /** Returns SHA-256(0x00 || leaf), the hash of one entry of the log. */
    public static byte[] leaf(byte[] leaf) {
        return HASHER.get().leaf(leaf);
    }

    /**
     * Returns SHA-256(0x01 || left || right).
     *
     * @throws IllegalArgumentException if either hash is not {@value #SIZE} bytes long
     */
    public static byte[] node(byte[] left, byte[] right) {
        return HASHER.get().node(left, right);
    }

    /** Returns the root of the empty tree, SHA-256 of the empty string (RFC 9162 §2.1.1). */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** This thread's hasher; callers must not keep it beyond one computation on the same thread. */
    static NodeHasher hasher() {
        return HASHER.get();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
