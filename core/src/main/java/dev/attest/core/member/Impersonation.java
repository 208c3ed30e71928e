package dev.attest.core.member;

import java.time.Instant;

/**
 * A super-user acting as a member, for support: held by the super-user's own console session, so that the member's
 * sessions, password and factors are never touched and stopping it returns the super-user to themselves.
 *
 * @param memberId the member acted as
 * @param reason why, as the super-user gave it (recorded in {@code auth.impersonate})
 * @param until when it ends by itself, at most {@link #LIMIT} after it started
 */
public record Impersonation(String memberId, String reason, Instant until) {
    /** How long an impersonation lasts at most. */
    public static final java.time.Duration LIMIT = java.time.Duration.ofHours(1);

    /** Whether it still holds at {@code now}. */
    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }
}
