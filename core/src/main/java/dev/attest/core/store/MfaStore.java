package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.TotpEnrollment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Members' second factors: one TOTP authenticator each and its single-use recovery codes (hashes only). The methods
 * that spend a code are single atomic statements, so that two server processes on one database never accept the same
 * code twice. Changes that are recorded in the log run in {@link Storage#inTransaction} with their event.
 * Thread-safe.
 */
public interface MfaStore {
    /**
     * Starts an enrollment, replacing a pending one of the same member.
     *
     * @return {@code false}, changing nothing, if the member already has a confirmed authenticator
     */
    boolean begin(TotpEnrollment pending);

    /** The member's authenticator, pending or confirmed. */
    Optional<TotpEnrollment> find(String memberId);

    /**
     * Confirms a pending authenticator with the step of its first accepted code, and gives the member these recovery
     * codes, replacing any earlier ones.
     *
     * @return {@code false}, changing nothing, if there is no pending authenticator
     */
    boolean confirm(String memberId, Instant at, long step, List<String> recoveryCodeHashes);

    /**
     * Spends a time step of a confirmed authenticator: succeeds once per step, and only for a step later than the last
     * one spent.
     */
    boolean spendStep(String memberId, long step);

    /** Spends a recovery code by its hash: succeeds once per code. */
    boolean spendRecoveryCode(String memberId, String codeHash, Instant at);

    /** How many of the member's recovery codes are unused. */
    int remainingRecoveryCodes(String memberId);

    /**
     * Removes the member's authenticator, pending or confirmed, and their recovery codes.
     *
     * @return whether a confirmed authenticator was removed
     */
    boolean remove(String memberId);

    /** The ids of the organization's members who have a confirmed authenticator. */
    Set<String> enrolled(OrganizationId organization);
}
