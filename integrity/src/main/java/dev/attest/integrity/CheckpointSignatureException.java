package dev.attest.integrity;

import java.util.Objects;

/**
 * A signed note (a checkpoint, c2sp.org/tlog-checkpoint) carries no valid signature from the trusted key. Checked
 * because with untrusted input this is an expected outcome; {@link #reason()} says why and the message gives details.
 */
public final class CheckpointSignatureException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a signed note was rejected. */
    public enum Reason {
        /** The note breaks a rule of c2sp.org/signed-note, Format: characters, blank line, signature lines. */
        MALFORMED,
        /** No signature line names the trusted key (name and key ID). */
        UNKNOWN_KEY,
        /** A signature line names the trusted key but its signature does not verify. */
        BAD_SIGNATURE
    }

    private final Reason reason;

    public CheckpointSignatureException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
