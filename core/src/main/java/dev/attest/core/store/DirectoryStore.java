package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The organizations' directory sync (SCIM 2.0) and single sign-on (OpenID Connect): the directories' bearer tokens,
 * kept as SHA-256 hashes, the role people the directory or SSO provisions are given, each organization's
 * {@link SsoSettings} and the SSO sign-ins on their way. A revoked token keeps its row, so that its id is never reused, but no
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

    /** The organization's single sign-on; {@link SsoSettings#NONE} when none was set. */
    SsoSettings ssoSettings(OrganizationId organization);

    /**
     * Replaces the organization's single sign-on, its email domains included.
     *
     * @throws IllegalStateException if another organization holds one of the domains (the caller checks first)
     */
    void setSsoSettings(OrganizationId organization, SsoSettings settings, Instant at);

    /** The organization whose SSO holds this lower-case email domain. */
    Optional<OrganizationId> organizationOfDomain(String domain);

    /** Keeps a sign-in sent to an identity provider until it comes back or expires. */
    void createSsoRequest(SsoRequest request);

    /**
     * Spends the unexpired sign-in whose state hashes to {@code stateHash}: it is deleted, so that of two callbacks
     * with the same state (a replay, or two processes) exactly one gets it. Expired ones are deleted on the way.
     */
    Optional<SsoRequest> spendSsoRequest(String stateHash, Instant now);
}
