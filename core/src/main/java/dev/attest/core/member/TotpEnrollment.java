package dev.attest.core.member;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A member's TOTP authenticator: pending until a first code confirms it, then their second factor.
 *
 * @param sealedKey the key sealed by {@link dev.attest.core.account.SecretBox}; never the key itself
 * @param confirmedAt when the member confirmed it with a code; {@code null} while pending
 * @param lastUsedStep the last time step whose code was accepted ({@code -1} before any), so that no code is accepted
 *     twice (RFC 6238 §5.2)
 */
public record TotpEnrollment(
        String memberId,
        String sealedKey,
        Instant createdAt,
        @Nullable Instant confirmedAt,
        long lastUsedStep) {
    public boolean confirmed() {
        return confirmedAt != null;
    }

    @Override
    public String toString() {
        return "TotpEnrollment[" + memberId + (confirmed() ? ", confirmed" : ", pending") + "]";
    }
}
