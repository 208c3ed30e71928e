package dev.attest.server;

import dev.attest.core.admin.DirectorySync;
import dev.attest.core.admin.DirectorySync.CreatedToken;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.SingleSignOn;
import dev.attest.core.member.Role;
import dev.attest.core.store.DirectoryToken;
import dev.attest.core.store.SsoSettings;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/organizations/{org}/scim-tokens} and {@code /sso}: the directory tokens an owner or admin makes for SCIM
 * 2.0 at {@code /scim/v2/{org}} (the token is in the answer of its creation, this once), and the role people join with
 * (DESIGN.md §7), with the organization's single sign-on (docs/adr/0014): one document, whose client secret is never
 * answered. Thin: {@link Callers} says who asks, {@link DirectorySync} and {@link SingleSignOn} apply the rules.
 */
final class DirectoryRoutes implements HttpService {
    private static final Set<String> SSO_FIELDS = Set.of(
            "default_role", "issuer", "client_id", "client_secret", "email_domains", "just_in_time", "require_sso");

    private final Callers callers;
    private final DirectorySync directory;
    private final SingleSignOn sso;

    DirectoryRoutes(Callers callers, DirectorySync directory, SingleSignOn sso) {
        this.callers = callers;
        this.directory = directory;
        this.sso = sso;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}/scim-tokens", this::list)
                .post("/{org}/scim-tokens", this::create)
                .delete("/{org}/scim-tokens/{id}", this::revoke)
                .get("/{org}/sso", this::settings)
                .put("/{org}/sso", this::changeSettings);
    }

    private Principal caller(ServerRequest request) {
        return callers.resolve(request, request.path().pathParameters().get("org"));
    }

    private void list(ServerRequest request, ServerResponse response) {
        List<Map<String, Object>> data = directory.tokens(caller(request)).stream()
                .map(DirectoryRoutes::document)
                .toList();
        EventRoutes.sendJson(response, Map.of("data", data));
    }

    private void create(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        ChangeBody body = ChangeBody.read(request, Set.of("provider"));
        Object provider = body.get("provider");
        if (!(provider instanceof String text)
                || !DirectorySync.PROVIDER.matcher(text).matches()) {
            body.reject(
                    "provider",
                    "provider is required: the directory's name in lower case, e.g. okta or entra (letters, digits,"
                            + " '.', '_', '-'; at most 40)");
        }
        body.requireValid("provider");
        CreatedToken created = directory.createToken(principal, (String) Objects.requireNonNull(provider));
        Map<String, Object> document = document(created.token());
        // Shown this once; only its hash is kept.
        document.put("token", created.secret());
        document.put(
                "scim_base_path", "/scim/v2/" + created.token().organization().value());
        response.status(Status.CREATED_201);
        EventRoutes.sendJson(response, document);
    }

    private void revoke(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        directory.revokeToken(principal, request.path().pathParameters().get("id"));
        response.status(Status.NO_CONTENT_204);
        response.send();
    }

    private void settings(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        EventRoutes.sendJson(response, ssoDocument(directory.provisioningRole(principal), sso.settings(principal)));
    }

    /**
     * Changes the fields sent, all or none: {@code issuer: null} removes the provider (issuer, client id and secret).
     */
    private void changeSettings(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        ChangeBody body = ChangeBody.read(request, SSO_FIELDS);
        Role role = null;
        if (body.has("default_role")) {
            Object asked = body.get("default_role");
            role = asked instanceof String text ? Role.fromWire(text).orElse(null) : null;
            if (role == null || role == Role.OWNER) {
                body.reject("default_role", "default_role must be admin, auditor or member");
            }
        }
        String issuer = text(body, "issuer", true);
        String clientId = text(body, "client_id", false);
        String clientSecret = text(body, "client_secret", false);
        List<String> domains = null;
        if (body.has("email_domains")) {
            if (body.get("email_domains") instanceof List<?> list
                    && list.stream().allMatch(String.class::isInstance)) {
                domains = new ArrayList<>();
                for (Object domain : list) {
                    domains.add((String) domain);
                }
            } else {
                body.reject("email_domains", "email_domains must be an array of domains, e.g. [\"acme.example\"]");
            }
        }
        Boolean justInTime = flag(body, "just_in_time");
        Boolean required = flag(body, "require_sso");
        body.requireValid(String.join(", ", SSO_FIELDS.stream().sorted().toList()), true);
        boolean clear = body.has("issuer") && issuer == null;
        // The SSO fields first: their checks read the stored state; the role is the smaller change.
        if (issuer != null
                || clientId != null
                || clientSecret != null
                || clear
                || domains != null
                || justInTime != null
                || required != null) {
            sso.change(
                    principal,
                    new SingleSignOn.Change(issuer, clientId, clientSecret, domains, justInTime, required, clear));
        }
        if (role != null) {
            directory.setProvisioningRole(principal, role);
        }
        EventRoutes.sendJson(response, ssoDocument(directory.provisioningRole(principal), sso.settings(principal)));
    }

    private static @Nullable String text(ChangeBody body, String field, boolean nullable) {
        if (!body.has(field)) {
            return null;
        }
        Object value = body.get(field);
        if (value instanceof String text) {
            return text.strip();
        }
        if (value == null && nullable) {
            return null;
        }
        body.reject(field, field + " must be a string" + (nullable ? " (or null to remove single sign-on)" : ""));
        return null;
    }

    private static @Nullable Boolean flag(ChangeBody body, String field) {
        if (!body.has(field)) {
            return null;
        }
        if (body.get(field) instanceof Boolean value) {
            return value;
        }
        body.reject(field, field + " must be true or false");
        return null;
    }

    /** The {@code /sso} document: the client secret is never in it, only whether one is set. */
    static Map<String, @Nullable Object> ssoDocument(Role role, SsoSettings settings) {
        var document = new LinkedHashMap<String, @Nullable Object>();
        document.put("default_role", role.wire());
        document.put("issuer", settings.issuer());
        document.put("client_id", settings.clientId());
        document.put("client_secret_set", settings.sealedClientSecret() != null);
        document.put("email_domains", settings.emailDomains());
        document.put("just_in_time", settings.justInTime());
        document.put("require_sso", settings.required());
        document.put("enabled", settings.configured());
        document.put("redirect_path", "/sso/callback");
        return document;
    }

    static Map<String, Object> document(DirectoryToken token) {
        var document = new LinkedHashMap<String, Object>();
        document.put("id", token.id());
        document.put("provider", token.provider());
        document.put("token_prefix", token.prefix());
        document.put("may_disable_owners", token.managesOwners());
        document.put("created_at", token.createdAt().toString());
        return document;
    }
}
