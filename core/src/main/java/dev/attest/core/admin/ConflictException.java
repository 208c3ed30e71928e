package dev.attest.core.admin;

/** The request is valid but contradicts the resource's current state: HTTP 409. The message says what to do. */
public final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
