package dev.attest.core.member;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A person who can sign in: a member of one organization with a role, or a super-user of the installation (no
 * organization, no role). Emails are unique across the installation, compared in lower case.
 *
 * @param id {@code usr_…}
 * @param passwordHash an Argon2id hash in PHC string form; never the password
 */
public record Member(
        String id,
        @Nullable OrganizationId organization,
        String email,
        String name,
        @Nullable Role role,
        boolean superUser,
        String passwordHash,
        boolean disabled,
        Instant createdAt) {

    /** Whether this person may read the audit log of {@code org}. */
    public boolean mayRead(OrganizationId org) {
        return superUser || (org.equals(organization) && role != null && role.readsLog() && !disabled);
    }

    @Override
    public String toString() {
        // Never print the hash.
        return "Member[" + id + ", " + email + "]";
    }
}
