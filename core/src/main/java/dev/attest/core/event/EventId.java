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
        if (!isValid(value)) {
            throw new IllegalArgumentException("event id must match " + FORM.pattern());
        }
    }

    /** Whether {@code value} has the {@link #FORM}; checked by hand, as every event read back makes an id. */
    public static boolean isValid(String value) {
        int length = value.length();
        if (length < 1 || length > 128 || !IdCharacters.letterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = value.charAt(i);
            if (!IdCharacters.letterOrDigit(c) && c != '_' && c != '.' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
