package dev.attest.client;

/**
 * The server did not issue a portal link or viewer token: {@link #status()} is its HTTP status (0 when it could not be
 * reached), the message its reason (e.g. a missing {@code portal} scope, a restriction that breaks a rule). Checked,
 * so that a caller decides what its customer sees instead.
 */
public final class ViewerAccessException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ViewerAccessException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ViewerAccessException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status of the refusal, or 0 when the server could not be reached. */
    public int status() {
        return status;
    }
}
