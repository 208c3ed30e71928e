package dev.attest.core.event;

import java.util.regex.Pattern;

/**
 * The id of an event, unique within its organization. Producers choose it to make retries idempotent; when they do
 * not, the server assigns {@code evt_} followed by a ULID.
 */
public record EventId(String value) {
    /** Letters, digits and {@code _ . : -}, starting with a letter or digit, at most 128 characters. */
    public static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    public EventId {
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("event id must match " + FORM.pattern());
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
