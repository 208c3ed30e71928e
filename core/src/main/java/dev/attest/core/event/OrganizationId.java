package dev.attest.core.event;

import java.util.regex.Pattern;

/** The id of an organization, the tenant every event belongs to: {@code org_} followed by 1 to 60 letters or digits. */
public record OrganizationId(String value) {
    private static final Pattern FORM = Pattern.compile("org_[A-Za-z0-9]{1,60}");

    public OrganizationId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("organization id must match " + FORM.pattern());
        }
    }

    /** Whether {@code value} has the form of an organization id. */
    public static boolean isValid(String value) {
        // FORM checked by hand: every event read back makes one of these.
        int length = value.length();
        if (length < 5 || length > 64 || !value.startsWith("org_")) {
            return false;
        }
        for (int i = 4; i < length; i++) {
            if (!IdCharacters.letterOrDigit(value.charAt(i))) {
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
