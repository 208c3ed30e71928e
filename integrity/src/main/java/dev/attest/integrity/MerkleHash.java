package dev.attest.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 9162 §2.1.1 hashing of leaves and interior nodes with SHA-256. */
public final class MerkleHash {
    private MerkleHash() {}

    /** Returns SHA-256(0x00 || leaf). */
    public static byte[] leaf(byte[] leaf) {
        MessageDigest digest = sha256();
        digest.update((byte) 0x00);
        digest.update(leaf);
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
