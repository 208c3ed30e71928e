package dev.attest.core.member;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A console session. The cookie carries a random token; only its SHA-256 ({@code tokenHash}, hex) is stored.
 *
 * @param csrfToken the token every form of this session must send back
 * @param ip the client's address when the session started, as the trusted proxies name it; {@code null} if unknown
 * @param userAgent the browser's user agent when the session started (at most 1024 characters); {@code null} if none
 * @param impersonation whom a super-user's session acts as, {@code null} when it acts as its own member
 */
public record Session(
        String tokenHash,
        String memberId,
        String csrfToken,
        Instant createdAt,
        Instant lastSeenAt,
        @Nullable String ip,
        @Nullable String userAgent,
        @Nullable Impersonation impersonation) {

    /** A session acting as its own member. */
    public Session(
            String tokenHash,
            String memberId,
            String csrfToken,
            Instant createdAt,
            Instant lastSeenAt,
            @Nullable String ip,
            @Nullable String userAgent) {
        this(tokenHash, memberId, csrfToken, createdAt, lastSeenAt, ip, userAgent, null);
    }

    /** A session whose client is not known. */
    public Session(String tokenHash, String memberId, String csrfToken, Instant createdAt, Instant lastSeenAt) {
        this(tokenHash, memberId, csrfToken, createdAt, lastSeenAt, null, null, null);
    }

    @Override
    public String toString() {
        // Never print the token's hash nor the CSRF token.
        return "Session[" + memberId + ", since " + createdAt + "]";
    }
}
