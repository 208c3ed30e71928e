package dev.attest.core.log;

/**
 * A log does not verify: its events, tree or checkpoints do not fit together. The message says what was expected
 * and what was found, and where. An expected outcome of verification, so a checked exception.
 */
public final class LogVerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    public LogVerificationException(String message) {
        super(message);
    }

    public LogVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
