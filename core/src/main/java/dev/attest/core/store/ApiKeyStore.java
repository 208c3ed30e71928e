package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The organizations' API keys, kept as SHA-256 hashes of the keys (the keys themselves are never stored). A revoked key
 * is kept, so that its id stays taken, but no method here returns it again. Changes that must be recorded run in
 * {@link Storage#inTransaction} with their event. Implementations are thread-safe.
 */
public interface ApiKeyStore {
    /**
     * Stores a new key of {@code key.organization()}.
     *
     * @param hash SHA-256 of the key
     * @throws IllegalStateException if the id or the hash is taken
     */
    void create(StoredApiKey key, byte[] hash);

    /** The organization's active keys, oldest first. */
    List<StoredApiKey> list(OrganizationId organization);

    /** One active key of the organization. */
    Optional<StoredApiKey> find(OrganizationId organization, String id);

    /** The active key whose hash this is: how a presented key is authenticated. */
    Optional<StoredApiKey> findByHash(byte[] hash);

    /**
     * Replaces an active key by a new one with the same id, name and scopes: the old hash stops matching at once.
     *
     * @return whether the organization has such an active key
     */
    boolean replace(OrganizationId organization, String id, byte[] newHash, String newPrefix);

    /**
     * Revokes an active key: it stops matching at once and is listed no more.
     *
     * @return whether the organization had such an active key
     */
    boolean revoke(OrganizationId organization, String id, Instant at);

    /** Notes that the key was used at {@code at} from {@code ip}; the server calls it at most once a minute per key. */
    void recordUse(String id, Instant at, @Nullable String ip);
}
