package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Scope;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A developer app (an OAuth 2.0 confidential client, RFC 6749 §2.1) as the server keeps it: never its secret, only
 * what names and limits it. Immutable.
 *
 * @param id the app's id ({@code app_…})
 * @param clientId what the app authenticates with, with its secret ({@code cli_…}); never changes
 * @param scopes the most its access tokens may carry; never empty
 */
public record StoredApp(
        String id, OrganizationId organization, String name, String clientId, Set<Scope> scopes, Instant createdAt) {
    public StoredApp {
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
    }
}
