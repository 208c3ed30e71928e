package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Passkey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Members' passkeys and the challenges of WebAuthn ceremonies (docs/adr/0012). Spending a challenge and moving a
 * signature counter are single conditional statements, so that two server processes on one database never accept one
 * challenge twice or one counter value twice. Changes that are recorded in the log run in
 * {@link Storage#inTransaction} with their event. Thread-safe.
 */
public interface PasskeyStore {
    /**
     * Adds a passkey.
     *
     * @return {@code false}, changing nothing, if a passkey with this credential id exists (of anyone)
     */
    boolean add(Passkey passkey);

    /** The member's passkeys, oldest first. */
    List<Passkey> list(String memberId);

    /** The passkey with this credential id, of whichever member. */
    Optional<Passkey> find(String credentialId);

    /**
     * Records a use: moves the signature counter from {@code expected} to {@code next}, only if it is still
     * {@code expected}, and sets the time of last use.
     *
     * @return whether the counter was still {@code expected} (else another use came first and this one is refused)
     */
    boolean use(String credentialId, long expected, long next, Instant at);

    /**
     * Removes one of the member's passkeys.
     *
     * @return {@code false} if the member has no passkey with this credential id
     */
    boolean remove(String memberId, String credentialId);

    /**
     * Removes all of the member's passkeys.
     *
     * @return how many were removed
     */
    int removeAll(String memberId);

    /** The ids of the organization's members who have at least one passkey. */
    Set<String> enrolled(OrganizationId organization);

    /**
     * Keeps a challenge until it is spent or expires, and forgets the challenges that expired before {@code now}.
     *
     * @param challengeHash the SHA-256 of the challenge (hex); the challenge itself is not kept
     * @param purpose what it may be spent for (e.g. {@code register}, {@code second-factor}, {@code sign-in})
     * @param boundTo who asked for it (a session, a pending sign-in, a sign-in form), by a digest
     */
    void issueChallenge(String challengeHash, String purpose, String boundTo, Instant expiresAt, Instant now);

    /**
     * Spends a challenge: succeeds once, for the purpose and the party it was issued to, before it expires.
     *
     * @return whether it was issued for them, unspent and unexpired
     */
    boolean spendChallenge(String challengeHash, String purpose, String boundTo, Instant now);
}
