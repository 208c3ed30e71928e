package dev.attest.core.ingest;

/** The writer is stopping and takes no new requests; nothing of the request was taken. */
public final class ShuttingDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShuttingDownException() {
        super("the server is shutting down; retry on another instance or after restart");
    }
}
