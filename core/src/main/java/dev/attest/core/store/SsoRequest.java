package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;

/**
 * A sign-in sent to an organization's identity provider and not yet come back (OpenID Connect authorization code flow
 * with PKCE, RFC 7636). Kept by the hash of its {@code state}, spent once. Immutable.
 *
 * @param stateHash SHA-256 of the {@code state} parameter sent to the provider, in lower-case hex
 * @param organization whose provider was asked
 * @param nonce the {@code nonce} the ID token must carry
 * @param codeVerifier the PKCE code verifier whose S256 challenge was sent
 * @param next where the console goes after signing in ({@code ""}: the landing page)
 * @param expiresAt when it stops being accepted
 */
public record SsoRequest(
        String stateHash,
        OrganizationId organization,
        String nonce,
        String codeVerifier,
        String next,
        Instant expiresAt) {}
