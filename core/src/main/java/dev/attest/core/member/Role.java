package dev.attest.core.member;

import java.util.Locale;
import java.util.Optional;

/** A member's role in an organization. */
public enum Role {
    OWNER,
    ADMIN,
    AUDITOR,
    MEMBER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String wire) {
        for (Role role : values()) {
            if (role.wire().equals(wire)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** Whether the role may read the organization's audit log: owners, admins and auditors. */
    public boolean readsLog() {
        return this != MEMBER;
    }
}
