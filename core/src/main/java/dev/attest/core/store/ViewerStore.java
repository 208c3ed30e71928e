package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.portal.ViewerGrant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The credentials of a vendor's customers (portal links, portal sessions, viewer tokens; docs/adr/0015), each stored
 * by the SHA-256 of its secret (lower-case hex), never the secret; and the origins each organization lets the embedded
 * viewer be used from. A grant is immutable once stored but for a link's {@code used_at}, set once.
 */
public interface ViewerStore {
    /**
     * Stores {@code grant} under {@code tokenHash}.
     *
     * @throws IllegalStateException if its id or hash is taken
     */
    void create(ViewerGrant grant, String tokenHash);

    /** The grant of {@code tokenHash}, live or not; empty when there is none. */
    Optional<ViewerGrant> findByHash(String tokenHash);

    /**
     * Marks the link of {@code tokenHash} opened at {@code at}, once: true when this call did it (the link existed, was
     * not opened yet and had not expired at {@code at}); false for every later call, so that only one opening wins.
     */
    boolean redeem(String tokenHash, Instant at);

    /** Deletes the session of {@code tokenHash} (signing out); a no-op when there is none. */
    void delete(String tokenHash);

    /** The origins (e.g. {@code https://app.example.com}) the embedded viewer may be used from, sorted. */
    List<String> origins(OrganizationId organization);

    /** Replaces the organization's origins with {@code origins}. */
    void replaceOrigins(OrganizationId organization, List<String> origins, Instant at);
}
