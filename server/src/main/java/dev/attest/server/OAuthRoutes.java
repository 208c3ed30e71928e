package dev.attest.server;

import dev.attest.core.admin.AppAdministration;
import dev.attest.core.admin.AppAdministration.IssuedToken;
import dev.attest.core.org.Scope;
import dev.attest.core.store.StoredApp;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /oauth/token}: the OAuth 2.0 token endpoint of developer apps, for the client credentials grant only (RFC
 * 6749 §4.4). The client authenticates with HTTP Basic ({@code client_secret_basic}, §2.3.1) or with
 * {@code client_id} and {@code client_secret} in the form ({@code client_secret_post}), never both (§2.3). Answers and
 * errors are RFC 6749's own JSON (§5.1, §5.2), with {@code Cache-Control: no-store}.
 */
final class OAuthRoutes implements HttpService {
    private static final int MAX_FORM_BYTES = 8 * 1024;
    private static final Pattern SPACES = Pattern.compile(" +");

    private final AppAdministration apps;

    OAuthRoutes(AppAdministration apps) {
        this.apps = apps;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/token", this::token);
    }

    /** An RFC 6749 §5.2 error, answered as JSON. */
    private static final class OAuthError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String error;
        private final boolean basic;

        OAuthError(int status, String error, String description, boolean basic) {
            super(description);
            this.status = status;
            this.error = error;
            this.basic = basic;
        }
    }

    private void token(ServerRequest request, ServerResponse response) {
        try {
            IssuedToken issued = issue(request);
            var body = new LinkedHashMap<String, Object>();
            body.put("access_token", issued.token());
            body.put("token_type", "Bearer");
            body.put("expires_in", AppAdministration.TOKEN_LIFETIME.toSeconds());
            body.put("scope", Scope.join(issued.access().scopes()));
            send(response, Status.OK_200, body);
        } catch (OAuthError refused) {
            if (refused.basic) {
                // RFC 6749 §5.2: a client that tried HTTP Basic is told how to authenticate.
                response.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"attest\"");
            }
            send(
                    response,
                    Status.create(refused.status),
                    Map.of("error", refused.error, "error_description", String.valueOf(refused.getMessage())));
        }
    }

    private IssuedToken issue(ServerRequest request) {
        Optional<String> authorization = request.headers().first(HeaderNames.AUTHORIZATION);
        boolean basic = authorization.isPresent();
        String contentType =
                request.headers().first(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(java.util.Locale.ROOT);
        if (!contentType.startsWith("application/x-www-form-urlencoded")) {
            throw invalidRequest("send the parameters as application/x-www-form-urlencoded (RFC 6749 §4.4.2)", basic);
        }
        byte[] raw = request.content().as(byte[].class);
        if (raw.length > MAX_FORM_BYTES) {
            throw invalidRequest("the form is larger than " + MAX_FORM_BYTES + " bytes", basic);
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(raw, StandardCharsets.UTF_8).split("&", -1)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            // RFC 6749 §3.2: request parameters must not be included more than once.
            if (form.put(name, value) != null) {
                throw invalidRequest(name + " is sent more than once", basic);
            }
        }
        String[] credentials = credentials(authorization.orElse(null), form);
        String grant = form.get("grant_type");
        if (grant == null || grant.isEmpty()) {
            throw invalidRequest("grant_type is required: client_credentials", basic);
        }
        StoredApp app = apps.authenticate(credentials[0], credentials[1])
                .orElseThrow(() -> new OAuthError(
                        401,
                        "invalid_client",
                        "the client id or secret is not valid (reset, deleted or mistyped)",
                        basic));
        if (!grant.equals("client_credentials")) {
            throw new OAuthError(
                    400, "unsupported_grant_type", "only grant_type=client_credentials is supported", basic);
        }
        Set<Scope> scopes = scopes(form.get("scope"), app, basic);
        return apps.issue(app, scopes);
    }

    /** {@code [client_id, client_secret]} from exactly one of HTTP Basic and the form. */
    private static String[] credentials(@Nullable String authorization, Map<String, String> form) {
        boolean inForm = form.containsKey("client_id") || form.containsKey("client_secret");
        if (authorization != null) {
            if (inForm) {
                throw invalidRequest(
                        "authenticate with HTTP Basic or with client_id and client_secret, not both", true);
            }
            if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                throw new OAuthError(401, "invalid_client", "use HTTP Basic with the client id and secret", true);
            }
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                throw new OAuthError(401, "invalid_client", "the Basic credentials are not base64", true);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new OAuthError(401, "invalid_client", "the Basic credentials lack the ':' separator", true);
            }
            // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
            return new String[] {
                URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
            };
        }
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        if (id == null || secret == null || id.isEmpty() || secret.isEmpty()) {
            throw new OAuthError(
                    401,
                    "invalid_client",
                    "authenticate with HTTP Basic, or send client_id and client_secret in the form",
                    false);
        }
        return new String[] {id, secret};
    }

    /** The scopes asked for (RFC 6749 §3.3), or all of the app's when none are. */
    private static Set<Scope> scopes(@Nullable String asked, StoredApp app, boolean basic) {
        if (asked == null || asked.isBlank()) {
            return app.scopes();
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String wire : SPACES.split(asked.strip(), -1)) {
            Scope scope = Scope.fromWire(wire).orElse(null);
            if (scope == null || !app.scopes().contains(scope)) {
                throw new OAuthError(
                        400,
                        "invalid_scope",
                        "the app may ask for " + Scope.join(app.scopes()) + "; not " + wire,
                        basic);
            }
            scopes.add(scope);
        }
        return scopes;
    }

    private static OAuthError invalidRequest(String description, boolean basic) {
        return new OAuthError(400, "invalid_request", description, basic);
    }

    private static void send(ServerResponse response, Status status, Map<String, ?> body) {
        response.status(status);
        // RFC 6749 §5.1: tokens and errors are never cached.
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.header(HeaderNames.PRAGMA, "no-cache");
        EventRoutes.sendJson(response, body);
    }
}
