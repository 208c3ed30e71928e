package dev.attest.core.member;

import java.time.Instant;

/**
 * A console session. The cookie carries a random token; only its SHA-256 ({@code tokenHash}, hex) is stored.
 *
 * @param csrfToken the token every form of this session must send back
 */
public record Session(String tokenHash, String memberId, String csrfToken, Instant createdAt, Instant lastSeenAt) {}
