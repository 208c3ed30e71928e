package dev.attest.client;

/**
 * An event the server did not acknowledge, and why.
 *
 * @param status the HTTP status of the last answer, or 0 when the server could not be reached
 * @param retryable whether sending the same event again later may succeed (it then cannot be stored twice): true for
 *     connection errors, 408, 429 and 5xx once the retries ran out; false when the server rejected the event
 * @param reason what went wrong, e.g. the server's problem detail
 *     ({@code payload.reason is required for auth.login.failure})
 */
public record FailedEvent(Event event, int status, boolean retryable, String reason) {
    @Override
    public String toString() {
        return event.id() + " (" + event.action() + "): " + (status == 0 ? "" : "HTTP " + status + ", ") + reason;
    }
}
