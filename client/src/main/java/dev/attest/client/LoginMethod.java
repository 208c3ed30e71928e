package dev.attest.client;

import java.util.Locale;

/** How a member signed in: the {@code method} of {@code auth.login.success}. */
public enum LoginMethod {
    PASSWORD,
    GOOGLE,
    MICROSOFT,
    SSO;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
