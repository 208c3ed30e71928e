package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Organization;
import java.util.List;
import java.util.Optional;

/** The organizations and their API keys (as hashes only). Implementations are thread-safe. */
public interface OrganizationStore {
    /**
     * Creates an organization with an empty log and one API key.
     *
     * @param apiKeyHash SHA-256 of the key; the key itself is never stored
     * @param apiKeyPrefix the first characters of the key, to tell keys apart in lists
     * @throws IllegalStateException if the id is taken
     */
    void create(Organization organization, byte[] apiKeyHash, String apiKeyPrefix);

    Optional<Organization> find(OrganizationId id);

    /**
     * The organization, its row locked until the transaction ends: administrative changes of one organization take
     * turns, so that a rule that reads several rows (the last owner) holds when two changes race. Use it inside
     * {@link Storage#inTransaction} before reading what the change depends on; outside one it is a plain read.
     */
    Optional<Organization> findForUpdate(OrganizationId id);

    /** The organization whose active API key has this SHA-256 hash. */
    Optional<OrganizationId> findByApiKeyHash(byte[] apiKeyHash);

    /**
     * Renames the organization. Run it in {@link Storage#inTransaction} with the event that records it.
     *
     * @return whether the organization exists
     */
    boolean rename(OrganizationId id, String name);

    /**
     * Sets whether the organization requires MFA. Run it in {@link Storage#inTransaction} with the event that records
     * it.
     *
     * @return whether the organization exists
     */
    boolean requireMfa(OrganizationId id, boolean required);

    /**
     * Deletes the organization softly: its row, members, log, checkpoints and tree stay (the log remains readable by
     * super-users and verifiable), {@code deleted_at} is set, and every credential into it ends in the same statement
     * batch: its API keys are revoked, its members' console sessions and its apps' access tokens are dropped, its apps
     * are closed and its pending invitations revoked. Run it in {@link Storage#inTransaction} with the
     * {@code org.delete} event that records it.
     *
     * @return {@code false} if the organization does not exist or was deleted already (nothing changes then)
     */
    boolean delete(OrganizationId id, java.time.Instant at);

    /** Every organization, oldest first, deleted ones included (with their {@link Organization#deletedAt}). */
    List<Organization> list();
}
