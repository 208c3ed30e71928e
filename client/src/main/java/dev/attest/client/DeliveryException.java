package dev.attest.client;

import java.util.List;

/**
 * Some events were not acknowledged by the server: {@link #failures()} names each one and why. Every other event of
 * the same call was delivered. Checked, so that a caller cannot ignore a lost audit event by accident.
 */
public final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<FailedEvent> failures;

    public DeliveryException(List<FailedEvent> failures) {
        super(message(failures));
        this.failures = List.copyOf(failures);
    }

    /** The events that were not delivered, each with its reason; never empty. */
    public List<FailedEvent> failures() {
        return failures;
    }

    private static String message(List<FailedEvent> failures) {
        String first = failures.isEmpty() ? "" : failures.getFirst().toString();
        return failures.size() == 1
                ? "1 event was not delivered: " + first
                : failures.size() + " events were not delivered, the first: " + first;
    }
}
