package dev.attest.core.store;

import dev.attest.core.member.PasswordReset;
import java.util.Optional;

/** Pending password resets, by the SHA-256 of their link's token. Thread-safe. */
public interface PasswordResetStore {
    void create(PasswordReset reset);

    Optional<PasswordReset> find(String tokenHash);

    /**
     * Uses a reset up: deletes it.
     *
     * @return whether it existed (false: it was used already, by another request perhaps)
     */
    boolean use(String tokenHash);

    /** Deletes every pending reset of a member (after their password changed); returns how many. */
    int deleteAll(String memberId);
}
