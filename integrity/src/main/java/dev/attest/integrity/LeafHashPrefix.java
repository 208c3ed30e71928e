package dev.attest.integrity;

import java.security.MessageDigest;

/**
 * An RFC 9162 §2.1.1 leaf hash begun on the first bytes of the leaf: SHA-256 has consumed {@code 0x00 || prefix}, so
 * finishing it costs only the remaining bytes. For leaves whose start is known before their end (an event's canonical
 * bytes before the server splices in its {@code seq}), the work can then be done where it is cheap.
 *
 * <p>{@link #finish} may be called any number of times, each with different rest bytes; it never changes this object.
 * Thread-safe: each call works on its own copy of the digest state.
 */
public final class LeafHashPrefix {
    private final MessageDigest started;

    private LeafHashPrefix(MessageDigest started) {
        this.started = started;
    }

    /** Hashes {@code 0x00 || prefix}. */
    public static LeafHashPrefix of(byte[] prefix) {
        MessageDigest digest = MerkleHash.sha256();
        digest.update((byte) 0x00);
        digest.update(prefix);
        return new LeafHashPrefix(digest);
    }

    /** SHA-256(0x00 || prefix || rest[0] || rest[1] …): {@link MerkleHash#leaf} of the concatenated bytes. */
    public byte[] finish(byte[]... rest) {
        MessageDigest digest = copy();
        for (byte[] part : rest) {
            digest.update(part);
        }
        return digest.digest();
    }

    private MessageDigest copy() {
        try {
            // Cloning only reads the state, which nothing changes after construction.
            return (MessageDigest) started.clone();
        } catch (CloneNotSupportedException e) {
            // The JDK's SUN provider clones SHA-256; a provider that cannot would fail every leaf alike.
            throw new IllegalStateException("this JDK's SHA-256 cannot be cloned", e);
        }
    }
}
