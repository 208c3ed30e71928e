package dev.attest.integrity;

/**
 * A note text is not a checkpoint (c2sp.org/tlog-checkpoint, Note text). Checked because with untrusted input this is
 * an expected outcome; the message names the broken rule.
 */
public final class CheckpointFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(String message) {
        super(message);
    }
}
