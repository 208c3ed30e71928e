package dev.attest.core.event;

import java.util.Locale;
import java.util.Optional;

/** Who performed an action. */
public enum ActorType {
    MEMBER,
    API_KEY,
    APP,
    SUPER_USER,
    SYSTEM,
    /**
     * A vendor's customer reading the organization's log through a portal link or the embedded viewer; its id, name
     * and email are what the vendor vouched for when it asked for the link or token (docs/adr/0015).
     */
    VIEWER,
    UNKNOWN;

    /** The wire form, e.g. {@code api_key}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form; empty for anything else. */
    public static Optional<ActorType> fromWire(String wire) {
        for (ActorType type : values()) {
            if (type.wire().equals(wire)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Whether an actor of this type must carry an id: every type but {@code unknown} and {@code system}. */
    public boolean requiresId() {
        return this != UNKNOWN && this != SYSTEM;
    }
}
