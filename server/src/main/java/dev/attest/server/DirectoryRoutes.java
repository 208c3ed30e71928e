package dev.attest.server;

import dev.attest.core.admin.DirectorySync;
import dev.attest.core.admin.DirectorySync.CreatedToken;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Role;
import dev.attest.core.store.DirectoryToken;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code /v1/organizations/{org}/scim-tokens} and {@code /sso}: the directory tokens an owner or admin makes for SCIM
 * 2.0 at {@code /scim/v2/{org}} (the token is in the answer of its creation, this once), and the role people join with
 * (DESIGN.md §7). Thin: {@link Callers} says who asks, {@link DirectorySync} applies the rules.
 */
final class DirectoryRoutes implements HttpService {
    private final Callers callers;
    private final DirectorySync directory;

    DirectoryRoutes(Callers callers, DirectorySync directory) {
        this.callers = callers;
        this.directory = directory;
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
        EventRoutes.sendJson(
                response,
                Map.of(
                        "default_role",
                        directory.provisioningRole(caller(request)).wire()));
    }

    private void changeSettings(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        ChangeBody body = ChangeBody.read(request, Set.of("default_role"));
        Object asked = body.get("default_role");
        Role role = asked instanceof String text ? Role.fromWire(text).orElse(null) : null;
        if (role == null) {
            body.reject("default_role", "default_role must be admin, auditor or member");
        }
        body.requireValid("default_role");
        directory.setProvisioningRole(principal, Objects.requireNonNull(role));
        EventRoutes.sendJson(response, Map.of("default_role", role.wire()));
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
