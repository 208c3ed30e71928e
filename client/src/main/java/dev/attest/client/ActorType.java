package dev.attest.client;

import java.util.Locale;

/** Who performed an action; the wire form is the lower-case name ({@code api_key}). */
public enum ActorType {
    MEMBER,
    API_KEY,
    APP,
    SUPER_USER,
    SYSTEM,
    /** A vendor's customer reading the log through a portal link or the embedded viewer. */
    VIEWER,
    UNKNOWN;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
