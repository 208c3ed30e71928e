package dev.attest.core.org;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A tenant. Every event belongs to exactly one; nothing crosses organizations.
 *
 * @param requireMfa whether every member must use MFA (the setting; its enforcement is the account-security issue's)
 * @param deletedAt when the organization was deleted ({@code org.delete}), or {@code null} while it lives; a deleted
 *     organization keeps its log, readable by super-users and verifiable, and nothing authenticates into it
 */
public record Organization(
        OrganizationId id,
        String name,
        Instant createdAt,
        boolean requireMfa,
        @Nullable Instant deletedAt) {
    /** The longest organization name, in characters. */
    public static final int MAX_NAME = 200;

    /** A new organization, which does not require MFA. */
    public Organization(OrganizationId id, String name, Instant createdAt) {
        this(id, name, createdAt, false, null);
    }

    /** A living organization. */
    public Organization(OrganizationId id, String name, Instant createdAt, boolean requireMfa) {
        this(id, name, createdAt, requireMfa, null);
    }

    /** Whether the organization was deleted. */
    public boolean deleted() {
        return deletedAt != null;
    }
}
