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

    /** Every organization, oldest first. */
    List<Organization> list();
}
