package dev.attest.core.member;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A member's role in an organization, and what it may do there (DESIGN.md §7). */
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
        return permissions().contains(Permission.LOG_READ);
    }

    /**
     * What the role may do (DESIGN.md §7): an owner everything; an admin members (not owners), groups, workspaces,
     * API keys and apps, and the log; an auditor reads and exports the log and sees who the members are; a member only their own account.
     */
    public Set<Permission> permissions() {
        return switch (this) {
            case OWNER -> EnumSet.allOf(Permission.class);
            case ADMIN ->
                EnumSet.of(
                        Permission.LOG_READ,
                        Permission.LOG_EXPORT,
                        Permission.MEMBERS_READ,
                        Permission.MEMBERS_MANAGE,
                        Permission.GROUPS_MANAGE,
                        Permission.WORKSPACES_MANAGE,
                        Permission.API_ACCESS_MANAGE,
                        Permission.PORTAL_ISSUE);
            case AUDITOR -> EnumSet.of(Permission.LOG_READ, Permission.LOG_EXPORT, Permission.MEMBERS_READ);
            case MEMBER -> EnumSet.noneOf(Permission.class);
        };
    }
}
