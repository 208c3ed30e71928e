package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The organizations' developer apps and their access tokens, kept as SHA-256 hashes of the secrets and tokens. A
 * deleted app is kept, so that its id and client id stay taken, but no method here returns it or its tokens again.
 * Changes that must be recorded run in {@link Storage#inTransaction} with their event. Implementations are
 * thread-safe.
 */
public interface AppStore {
    /**
     * Stores a new app.
     *
     * @param secretHash SHA-256 of the client secret
     * @throws IllegalStateException if the id or client id is taken
     */
    void create(StoredApp app, byte[] secretHash);

    /** The organization's apps, oldest first. */
    List<StoredApp> list(OrganizationId organization);

    /** One app of the organization. */
    Optional<StoredApp> find(OrganizationId organization, String id);

    /** The app whose client id and secret hash these are: how a client authenticates (RFC 6749 §2.3.1). */
    Optional<StoredApp> findByCredentials(String clientId, byte[] secretHash);

    /**
     * Replaces the app's secret and ends every token issued to it: the old secret and its tokens stop at once.
     *
     * @return whether the organization has such an app
     */
    boolean replaceSecret(OrganizationId organization, String id, byte[] newSecretHash);

    /**
     * Deletes the app and ends its tokens.
     *
     * @return whether the organization had such an app
     */
    boolean delete(OrganizationId organization, String id, Instant at);

    /** Stores a token issued to {@code token.app()}; tokens of that app expired before {@code now} are dropped. */
    void createToken(byte[] tokenHash, AccessToken token, Instant now);

    /** The token whose hash this is, while it has not expired at {@code now} and its app exists. */
    Optional<AccessToken> findToken(byte[] tokenHash, Instant now);
}
