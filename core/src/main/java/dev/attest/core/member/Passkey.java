package dev.attest.core.member;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A member's passkey (a WebAuthn credential, docs/adr/0012): a second factor, and a way to sign in without a password.
 * Nothing here is secret — the private key never leaves the authenticator — but the public key is bound to its member.
 *
 * @param credentialId the credential id in Base64url, unique across the installation
 * @param name what the member calls it ("laptop", "YubiKey"), shown on the account page
 * @param credentialData the attested credential data of the registration (AAGUID, credential id, COSE public key) in
 *     Base64url, as WebAuthn L3 §6.5.1 lays it out
 * @param signCount the last signature counter seen; {@code 0} for authenticators that keep none
 * @param lastUsedAt when it last signed a challenge; {@code null} before its first use
 */
public record Passkey(
        String credentialId,
        String memberId,
        String name,
        String credentialData,
        long signCount,
        Instant createdAt,
        @Nullable Instant lastUsedAt) {}
