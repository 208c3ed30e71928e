package dev.attest.core.member;

import java.time.Instant;

/**
 * A request to reset a member's password: a single-use emailed link valid until {@code expiresAt}, stored only as the
 * SHA-256 of its token.
 */
public record PasswordReset(String tokenHash, String memberId, Instant createdAt, Instant expiresAt) {
    @Override
    public String toString() {
        return "PasswordReset[" + memberId + ", until " + expiresAt + "]";
    }
}
