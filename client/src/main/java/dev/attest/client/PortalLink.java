package dev.attest.client;

import java.net.URI;
import java.time.Instant;

/**
 * A single-use link to the organization's log for one viewer: send the person there (a redirect, a button) at once;
 * it works once, within 5 minutes, and starts a read-only session of 8 hours at most.
 *
 * @param id names the link in the log ({@code log.view}'s {@code payload.portal_link})
 * @param link the URL to open; a secret, shown this once
 * @param expiresAt when the link stops working if it was not opened
 */
public record PortalLink(String id, URI link, Instant expiresAt) {
    @Override
    public String toString() {
        return "PortalLink[id=" + id + ", expiresAt=" + expiresAt + "]";
    }
}
