package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The organizations' directory sync (SCIM 2.0): the directories' bearer tokens, kept as SHA-256 hashes, and the role
 * people the directory provisions are given. A revoked token keeps its row, so that its id is never reused, but no
 * method here returns it again. Implementations are thread-safe.
 */
public interface DirectoryStore {
    /**
     * Stores a new token.
     *
     * @param tokenHash SHA-256 of the token
     * @throws IllegalStateException if the id is taken
     */
    void createToken(DirectoryToken token, byte[] tokenHash);

    /** The organization's live tokens, oldest first. */
    List<DirectoryToken> listTokens(OrganizationId organization);

    /** The live token whose hash this is: how a directory authenticates. */
    Optional<DirectoryToken> findToken(byte[] tokenHash);

    /**
     * Revokes a token: it stops when this commits.
     *
     * @return whether the organization had such a live token
     */
    boolean revokeToken(OrganizationId organization, String id, Instant at);

    /** The role the directory's people join with; empty when none was set (they join as {@link Role#MEMBER}). */
    Optional<Role> provisioningRole(OrganizationId organization);

    /** Sets the role the directory's people join with; never {@link Role#OWNER} (the caller checks). */
    void setProvisioningRole(OrganizationId organization, Role role, Instant at);
}
