package dev.attest.core.event;

import java.util.Locale;
import java.util.Optional;

/** Whether the recorded action succeeded. */
public enum Outcome {
    SUCCESS,
    FAILURE;

    /** The wire form: {@code success} or {@code failure}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form; empty for anything else. */
    public static Optional<Outcome> fromWire(String wire) {
        for (Outcome outcome : values()) {
            if (outcome.wire().equals(wire)) {
                return Optional.of(outcome);
            }
        }
        return Optional.empty();
    }
}
