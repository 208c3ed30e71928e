package dev.attest.core.ingest;

/**
 * A commit did not finish in time. The events may still commit; retrying with the same ids is safe, since a stored
 * id is never stored again.
 */
public final class CommitTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommitTimeoutException() {
        super("the events were not acknowledged in time; retry with the same ids, which is safe");
    }
}
