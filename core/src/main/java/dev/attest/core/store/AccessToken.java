package dev.attest.core.store;

import dev.attest.core.org.Scope;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A short-lived access token an app obtained with its client credentials (RFC 6749 §4.4), as the server keeps it:
 * only the token's SHA-256 is stored. Immutable.
 *
 * @param app the app the token acts for
 * @param scopes what the token may do: the app's scopes or a subset asked for
 * @param expiresAt when it stops working
 */
public record AccessToken(StoredApp app, Set<Scope> scopes, Instant expiresAt) {
    public AccessToken {
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
    }
}
