package dev.attest.server;

import dev.attest.core.account.MultiFactor;
import dev.attest.core.admin.Principal;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.RequestContext;
import dev.attest.core.member.Member;
import dev.attest.core.org.Organization;
import dev.attest.core.store.OrganizationStore;
import dev.attest.server.console.ConsoleSessions;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.SameOrigin;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that says who is calling a management route of {@code /v1/organizations/{org}}: an API key of the
 * organization ({@code Authorization: Bearer}, an {@code api_key} actor with its scopes' permissions), or a console session (a {@code member} or
 * {@code super_user} actor), whose writes must also come from the console's own origin and carry the session's CSRF
 * token in {@code X-CSRF-Token}. Another organization is answered 404, as one that does not exist; so is a deleted
 * one to its former members (super-users still read it, and are answered 409 for a write; ADR 0010). Thread-safe.
 */
public final class Callers {
    /** The header in which a console page sends its session's CSRF token with a write. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Set<Method> SAFE = Set.of(Method.GET, Method.HEAD, Method.OPTIONS);

    private final ApiKeyAuthenticator keys;
    private final OrganizationStore organizations;
    private final ConsoleSessions sessions;
    private final MultiFactor multiFactor;

    Callers(
            ApiKeyAuthenticator keys,
            OrganizationStore organizations,
            ConsoleSessions sessions,
            MultiFactor multiFactor) {
        this.keys = keys;
        this.organizations = organizations;
        this.sessions = sessions;
        this.multiFactor = multiFactor;
    }

    /**
     * The principal acting in the path's organization.
     *
     * @throws Problem 401 when the request is neither signed in nor carries a valid key; 404 when the organization
     *     does not exist or is not the caller's; 403 for a session's write without its CSRF token or from another site
     */
    Principal resolve(ServerRequest request, String pathOrganization) {
        Optional<String> authorization = request.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            return keys.principal(request, pathOrganization);
        }
        SignedIn signedIn = sessions.current(request)
                .orElseThrow(() -> new Problem(
                        401,
                        "unauthorized",
                        "Authentication required",
                        "sign in to the console, or send the organization's API key as Authorization: Bearer <key>",
                        List.of(),
                        Map.of("WWW-Authenticate", "Bearer realm=\"attest\"")));
        Member member = signedIn.member();
        OrganizationId org = OrganizationId.isValid(pathOrganization)
                        && (member.superUser() || pathOrganization.equals(String.valueOf(member.organization())))
                ? new OrganizationId(pathOrganization)
                : null;
        Optional<Organization> organization = org == null ? Optional.empty() : organizations.find(org);
        if (org == null || organization.isEmpty()) {
            throw Problem.notFound("organization " + pathOrganization + " not found");
        }
        if (organization.get().deleted()) {
            if (!member.superUser()) {
                throw Problem.notFound("organization " + pathOrganization + " was deleted");
            }
            if (!SAFE.contains(request.prologue().method())) {
                throw new Problem(
                        409,
                        "organization-deleted",
                        "Organization deleted",
                        "organization " + pathOrganization
                                + " was deleted: its log stays readable and verifiable, but nothing in it changes");
            }
        }
        if (!member.superUser()
                && !signedIn.impersonating()
                && organization.get().requireMfa()
                && !multiFactor.enabled(member.id())) {
            // The console sends such a member to set up MFA; its API is closed to them alike.
            throw new Problem(
                    403,
                    "mfa-required",
                    "MFA required",
                    "the organization requires MFA: set up an authenticator at /account before anything else");
        }
        if (!SAFE.contains(request.prologue().method())) {
            String token =
                    request.headers().first(HeaderNames.create(CSRF_HEADER)).orElse("");
            if (!SameOrigin.allows(request) || !ConsoleSessions.csrfValid(signedIn, token)) {
                throw new Problem(
                        403,
                        "csrf",
                        "Request refused",
                        "a console session's write must come from the console and carry its CSRF token in "
                                + CSRF_HEADER);
            }
        }
        return signedIn.principal(org, context(request));
    }

    /** The request's console session, when it authenticates with one rather than with a key or token. */
    Optional<SignedIn> session(ServerRequest request) {
        if (request.headers().first(HeaderNames.AUTHORIZATION).isPresent()) {
            return Optional.empty();
        }
        return sessions.current(request);
    }

    /** The client's address (as the trusted proxies name it), user agent (at most 1024 characters) and request id. */
    public static RequestContext context(ServerRequest request) {
        String agent = request.headers()
                .first(HeaderNames.USER_AGENT)
                .map(text -> text.length() > 1024 ? text.substring(0, 1024) : text)
                .filter(text -> !text.isBlank())
                .orElse(null);
        return new RequestContext(ClientAddresses.of(request).orElse(null), agent, RequestIds.of(request));
    }
}
