package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Invitation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Invitations into organizations. Changes of state are conditional on the invitation being pending, so that two
 * processes cannot both accept, or accept one that was just revoked. Thread-safe.
 */
public interface InvitationStore {
    /** Adds a pending invitation. */
    void create(Invitation invitation);

    Optional<Invitation> find(String id);

    /** The invitation whose link carries the token with this SHA-256 (lower-case hex), whatever its status. */
    Optional<Invitation> findByTokenHash(String tokenHash);

    /** The organization's invitations, newest first, at most {@code limit}. */
    List<Invitation> list(OrganizationId organization, int limit);

    /** The pending invitation of this email (compared in lower case) in the organization, if any. */
    Optional<Invitation> findPending(OrganizationId organization, String email);

    /**
     * Gives a pending invitation a new link: the old one stops working.
     *
     * @return whether a pending invitation with that id existed
     */
    boolean renew(String id, String tokenHash, Instant expiresAt);

    /**
     * Revokes a pending invitation.
     *
     * @return whether a pending invitation with that id existed
     */
    boolean revoke(String id);

    /**
     * Marks a pending invitation accepted by {@code memberId}; the link is used up.
     *
     * @return whether a pending invitation with that id existed (false: someone else used or revoked it first)
     */
    boolean accept(String id, String memberId);
}
