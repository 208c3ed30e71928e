package dev.attest.core.store;

import dev.attest.core.member.Impersonation;
import dev.attest.core.member.Session;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Console sessions, by the hash of their token. Thread-safe. */
public interface SessionStore {
    void create(Session session);

    Optional<Session> find(String tokenHash);

    /** Records activity, for the idle timeout. */
    void touch(String tokenHash, Instant at);

    /** Ends one session. */
    void delete(String tokenHash);

    /** Ends every session of a member; returns how many ended. */
    int deleteAll(String memberId);

    /** The member's sessions, the most recently active first. */
    List<Session> list(String memberId);

    /** Ends every session of a member but the one with {@code keptTokenHash}; returns how many ended. */
    int deleteAllExcept(String memberId, String keptTokenHash);

    /**
     * Makes a super-user's session act as another member until {@code impersonation.until()}, replacing any
     * impersonation it held; returns whether the session exists.
     */
    boolean impersonate(String tokenHash, Impersonation impersonation);

    /** Returns a session to acting as its own member; returns whether it was acting as another. */
    boolean stopImpersonating(String tokenHash);
}
