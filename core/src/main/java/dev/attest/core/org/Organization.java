package dev.attest.core.org;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;

/** A tenant. Every event belongs to exactly one; nothing crosses organizations. */
public record Organization(OrganizationId id, String name, Instant createdAt) {
    /** The longest organization name. */
    public static final int MAX_NAME = 200;
}
