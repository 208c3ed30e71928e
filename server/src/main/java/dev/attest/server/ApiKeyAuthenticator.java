package dev.attest.server;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.ApiKey;
import dev.attest.core.store.OrganizationStore;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <api key>} against the organization named in the path. A key of organization A
 * asking for organization B gets 404, exactly as for an organization that does not exist, so that keys cannot probe
 * which organizations exist.
 */
final class ApiKeyAuthenticator {
    private static final String SCHEME = "Bearer ";

    private final OrganizationStore organizations;

    ApiKeyAuthenticator(OrganizationStore organizations) {
        this.organizations = organizations;
    }

    /**
     * The organization of the path, after checking that the request's key belongs to it.
     *
     * @throws Problem 401 without a valid key, 404 when the key belongs to another organization
     */
    OrganizationId authorize(ServerRequest request, String pathOrganization) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty() || !header.get().regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw unauthorized("send the organization's API key as Authorization: Bearer <key>");
        }
        String presented = header.get().substring(SCHEME.length()).trim();
        OrganizationId owner = organizations
                .findByApiKeyHash(ApiKey.hash(presented))
                .orElseThrow(() -> unauthorized("the API key is not valid (revoked, regenerated or mistyped)"));
        if (!owner.value().equals(pathOrganization)) {
            throw Problem.notFound("organization " + pathOrganization + " not found");
        }
        return owner;
    }

    private static Problem unauthorized(String detail) {
        return new Problem(
                401,
                "unauthorized",
                "Authentication required",
                detail,
                List.of(),
                Map.of("WWW-Authenticate", "Bearer realm=\"attest\""));
    }
}
