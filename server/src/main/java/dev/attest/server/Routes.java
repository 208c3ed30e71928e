package dev.attest.server;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Names the route a request path belongs to, as a template ({@code /v1/organizations/{org}/events}), so that logs and
 * metrics carry a bounded set of values: never an organization id, an event id or a query string. A path that is none
 * of the known routes is {@code other}.
 */
final class Routes {
    private static final String SEGMENT = "[^/]+";
    private static final List<Route> KNOWN = List.of(
            route("/v1/organizations/{org}/events"),
            route("/v1/organizations/{org}/events/{id}"),
            route("/v1/organizations/{org}/checkpoint"),
            route("/v1/organizations/{org}/proofs/inclusion"),
            route("/v1/organizations/{org}/proofs/consistency"),
            route("/v1/organizations/{org}/export"),
            route("/v1/organizations/{org}"),
            route("/v1/organizations/{org}/members"),
            route("/v1/organizations/{org}/members/{id}"),
            route("/v1/organizations/{org}/members/{id}/sessions"),
            route("/v1/organizations/{org}/members/{id}/password"),
            route("/v1/organizations/{org}/invitations"),
            route("/v1/organizations/{org}/invitations/{id}"),
            route("/v1/organizations/{org}/invitations/{id}/resend"),
            route("/v1/organizations/{org}/members/{id}/mfa"),
            route("/v1/organizations/{org}/members/{id}/impersonation"),
            route("/v1/organizations/{org}/api-keys"),
            route("/v1/organizations/{org}/api-keys/{id}"),
            route("/v1/organizations/{org}/api-keys/{id}/regenerate"),
            route("/v1/organizations/{org}/apps"),
            route("/v1/organizations/{org}/apps/{id}"),
            route("/v1/organizations/{org}/apps/{id}/secret"),
            route("/oauth/token"),
            route("/v1/organizations/{org}/scim-tokens"),
            route("/v1/organizations/{org}/scim-tokens/{id}"),
            route("/v1/organizations/{org}/sso"),
            route("/scim/v2/{org}/Users"),
            route("/scim/v2/{org}/Users/{id}"),
            route("/scim/v2/{org}/ServiceProviderConfig"),
            route("/scim/v2/{org}/ResourceTypes"),
            route("/scim/v2/{org}/Schemas"),
            route("/v1/organizations/{org}/groups"),
            route("/v1/organizations/{org}/groups/{id}"),
            route("/v1/organizations/{org}/groups/{id}/members"),
            route("/v1/organizations/{org}/groups/{id}/workspaces"),
            route("/v1/organizations/{org}/workspaces"),
            route("/v1/organizations/{org}/portal-links"),
            route("/v1/organizations/{org}/viewer-tokens"),
            route("/v1/organizations/{org}/viewer-origins"),
            route("/v1/organizations/{org}/viewer/events"),
            route("/v1/organizations/{org}/viewer/events/{id}"),
            route("/health/live"),
            route("/health/ready"),
            route("/audit_logs/events"),
            route("/publisher/v1/project/{project}/event"),
            route("/publisher/v1/project/{project}/event/bulk"),
            route("/openapi.yaml"),
            route("/"),
            route("/sign-in"),
            route("/sign-out"),
            route("/sign-in/mfa"),
            route("/account"),
            route("/account/mfa/setup"),
            route("/account/mfa/confirm"),
            route("/account/mfa/disable"),
            route("/account/sessions/end"),
            route("/account/sessions/end-others"),
            route("/orgs"),
            route("/orgs/{org}/log"),
            route("/orgs/{org}/log/more"),
            route("/orgs/{org}/events/{id}"),
            route("/orgs/{org}/export.csv"),
            route("/orgs/{org}/export.jsonl"),
            route("/orgs/{org}/members"),
            route("/orgs/{org}/members/{id}"),
            route("/orgs/{org}/members/{id}/impersonate"),
            route("/impersonation/stop"),
            route("/orgs/{org}/settings"),
            route("/orgs/{org}/invitations"),
            route("/orgs/{org}/invitations/{id}"),
            // The token stays out of logs and metrics: only the template is ever named.
            route("/invitations/{token}"),
            route("/password-reset"),
            route("/password-reset/{token}"),
            route("/account/password"),
            route("/installation/mail"),
            route("/orgs/{org}/api-keys"),
            route("/orgs/{org}/api-keys/{id}"),
            route("/orgs/{org}/apps"),
            route("/orgs/{org}/apps/{id}"),
            route("/orgs/{org}/directory"),
            route("/orgs/{org}/groups"),
            route("/orgs/{org}/groups/{id}"),
            route("/orgs/{org}/workspaces"),
            route("/orgs/{org}/workspaces/access/{id}"),
            route("/static/{file}"),
            route("/embed/attest-log.js"),
            route("/portal/sign-out"),
            // The link's secret stays out of logs and metrics: only the template is ever named.
            route("/portal/{token}"),
            route("/portal/{org}/log"),
            route("/portal/{org}/log/more"),
            route("/portal/{org}/events/{id}"),
            route("/portal/{org}/export.csv"),
            route("/portal/{org}/export.jsonl"));
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** The ingest routes: where events are appended. */
    static final List<String> INGEST = List.of(
            "POST /v1/organizations/{org}/events",
            "POST /audit_logs/events",
            "POST /publisher/v1/project/{project}/event",
            "POST /publisher/v1/project/{project}/event/bulk");

    static final String SIGN_IN = "POST /sign-in";

    private record Route(String template, Pattern pattern) {}

    private Routes() {}

    private static Route route(String template) {
        // Each {name} matches one path segment; everything else matches itself.
        String regex = Pattern.compile("\\{[a-z]+\\}")
                .splitAsStream(template)
                .map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(SEGMENT));
        if (template.endsWith("}")) {
            regex += SEGMENT;
        }
        return new Route(template, Pattern.compile(regex));
    }

    /** Every known template, in the order above (for tests that walk every route). */
    static List<String> templates() {
        return KNOWN.stream().map(Route::template).toList();
    }

    /** {@code METHOD template}, e.g. {@code POST /v1/organizations/{org}/events}; {@code OTHER other} at worst. */
    static String of(String method, String path) {
        String knownMethod = METHODS.contains(method) ? method : "OTHER";
        for (Route route : KNOWN) {
            if (route.pattern().matcher(path).matches()) {
                return knownMethod + " " + route.template();
            }
        }
        return knownMethod + " other";
    }
}
