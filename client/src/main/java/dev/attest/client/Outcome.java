package dev.attest.client;

import java.util.Locale;

/** Whether the recorded action succeeded. */
public enum Outcome {
    SUCCESS,
    FAILURE;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
