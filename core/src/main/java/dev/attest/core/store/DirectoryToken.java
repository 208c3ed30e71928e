package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;

/**
 * A directory's bearer token for SCIM 2.0 (RFC 7644 §2) as the server keeps it: never the token, only what names it.
 * Immutable.
 *
 * @param id the token's id ({@code dir_…})
 * @param provider the directory that holds it, as the owner named it ({@code okta}, {@code entra}, …); the
 *     {@code provider} of the {@code auth.sso.deprovision} events it causes
 * @param prefix the first characters of the token, to tell tokens apart
 * @param managesOwners whether whoever made the token could change owners: only then may the directory disable an
 *     owner, so that an admin cannot reach past their role through a token (docs/adr/0011)
 */
public record DirectoryToken(
        String id,
        OrganizationId organization,
        String provider,
        String prefix,
        boolean managesOwners,
        Instant createdAt) {}
