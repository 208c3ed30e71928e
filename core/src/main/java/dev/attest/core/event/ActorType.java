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
