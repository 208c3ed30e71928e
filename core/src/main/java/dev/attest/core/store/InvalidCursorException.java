package dev.attest.core.store;

/** A cursor that this server did not issue, or that belongs to another query. */
public final class InvalidCursorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidCursorException(String message) {
        super(message);
    }
}
