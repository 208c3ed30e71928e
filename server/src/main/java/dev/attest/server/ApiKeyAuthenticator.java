package dev.attest.server;

import dev.attest.core.admin.AppAdministration;
import dev.attest.core.admin.Principal;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Permission;
import dev.attest.core.store.AccessToken;
import dev.attest.core.store.StoredApiKey;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <api key or app access token>} against the organization named in the path, and
 * the credential's scopes against what the route needs. A key of organization A asking for organization B gets 404, exactly as for an
 * organization that does not exist, so that keys cannot probe which organizations exist; a key without the scope a
 * route needs gets 403 naming it.
 */
final class ApiKeyAuthenticator {
    private static final String SCHEME = "Bearer ";

    /** How an app's access token begins ({@link AppAdministration#issue}); an API key begins {@code atk_}. */
    private static final String ACCESS_TOKEN = "ato_";

    private final ApiKeyCache keys;
    private final AppAdministration apps;

    ApiKeyAuthenticator(ApiKeyCache keys, AppAdministration apps) {
        this.keys = keys;
        this.apps = apps;
    }

    /**
     * The organization of the path, after checking that the request's key belongs to it and may do what
     * {@code needed} allows.
     *
     * @throws Problem 401 without a valid key, 404 when the key belongs to another organization
     * @throws dev.attest.core.admin.ForbiddenException (403) when none of the key's scopes grants {@code needed}
     */
    OrganizationId authorize(ServerRequest request, String pathOrganization, Permission needed) {
        Principal principal = principal(request, pathOrganization);
        principal.require(needed);
        return principal.organization();
    }

    /**
     * The key (actor {@code api_key}) or app access token (actor {@code app}) of the request as a principal of the
     * path's organization.
     *
     * @throws Problem 401 without a valid key, 404 when the key belongs to another organization
     */
    Principal principal(ServerRequest request, String pathOrganization) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty() || !header.get().regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw unauthorized("send an API key of the organization as Authorization: Bearer <key>");
        }
        String presented = header.get().substring(SCHEME.length()).trim();
        if (presented.startsWith(ACCESS_TOKEN)) {
            AccessToken token = apps.findToken(presented)
                    .orElseThrow(() -> unauthorized("the access token is not valid (expired, its app's secret reset,"
                            + " its app deleted, or mistyped); get a new one at /oauth/token"));
            requireOwn(token.app().organization(), pathOrganization);
            return Principal.app(token, Callers.context(request));
        }
        StoredApiKey key = keys.find(presented, ClientAddresses.of(request).orElse(null))
                .orElseThrow(() -> unauthorized("the API key is not valid (revoked, regenerated or mistyped)"));
        requireOwn(key.organization(), pathOrganization);
        return Principal.apiKey(key, Callers.context(request));
    }

    private static void requireOwn(OrganizationId owner, String pathOrganization) {
        if (!owner.value().equals(pathOrganization)) {
            throw Problem.notFound("organization " + pathOrganization + " not found");
        }
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
