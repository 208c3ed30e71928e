package dev.attest.core.org;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;

/**
 * A tenant. Every event belongs to exactly one; nothing crosses organizations.
 *
 * @param requireMfa whether every member must use MFA (the setting; its enforcement is the account-security issue's)
 */
public record Organization(OrganizationId id, String name, Instant createdAt, boolean requireMfa) {
    /** The longest organization name, in characters. */
    public static final int MAX_NAME = 200;

    /** A new organization, which does not require MFA. */
    public Organization(OrganizationId id, String name, Instant createdAt) {
        this(id, name, createdAt, false);
    }
}
