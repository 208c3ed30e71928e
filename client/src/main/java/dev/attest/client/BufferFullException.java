package dev.attest.client;

/**
 * {@link AttestClient#enqueue(Event)} did not take the event: the buffer is full (with
 * {@link AttestClient.Overflow#FAIL_FAST}) or the calling thread was interrupted while waiting for room. The event was
 * not taken; nothing was dropped silently. Sending it later is safe.
 */
public final class BufferFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BufferFullException(String message) {
        super(message);
    }
}
