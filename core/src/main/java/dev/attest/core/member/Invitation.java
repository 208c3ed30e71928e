package dev.attest.core.member;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An invitation of one email address into an organization with a role: a single-use link, valid until
 * {@code expiresAt}, whose token is stored only as its SHA-256.
 *
 * @param id {@code inv_…}
 * @param groups the ids of the groups the person joins on accepting, as the inviter named them
 * @param invitedBy the actor id of whoever invited (a member id or an API key's prefix)
 * @param tokenHash lower-case hex SHA-256 of the link's token; never the token
 * @param memberId the member the invitation became, once accepted
 */
public record Invitation(
        String id,
        OrganizationId organization,
        String email,
        Role role,
        List<String> groups,
        String invitedBy,
        String tokenHash,
        Status status,
        Instant createdAt,
        Instant expiresAt,
        @Nullable String memberId) {

    public Invitation {
        groups = List.copyOf(groups);
    }

    /** Where an invitation stands. A revoked or accepted invitation never becomes pending again. */
    public enum Status {
        PENDING,
        ACCEPTED,
        REVOKED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status fromWire(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Whether the link still opens: pending and not past its expiry at {@code now}. */
    public boolean usableAt(Instant now) {
        return status == Status.PENDING && now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Invitation[" + id + ", " + email + ", " + status.wire() + "]";
    }
}
