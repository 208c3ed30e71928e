package dev.attest.server;

import dev.attest.core.admin.AppAdministration;
import dev.attest.core.admin.AppAdministration.Created;
import dev.attest.core.admin.Principal;
import dev.attest.core.org.Scope;
import dev.attest.core.store.StoredApp;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/organizations/{org}/apps}: list, create, reset the secret of and delete developer apps (DESIGN.md §7).
 * The answer of a create or a reset carries the secret in {@code client_secret}, this once. Thin: {@link Callers} says
 * who asks, {@link AppAdministration} applies the rules and records the events.
 */
final class AppRoutes implements HttpService {
    private final Callers callers;
    private final AppAdministration apps;

    AppRoutes(Callers callers, AppAdministration apps) {
        this.callers = callers;
        this.apps = apps;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}/apps", this::list)
                .post("/{org}/apps", this::create)
                .post("/{org}/apps/{id}/secret", this::resetSecret)
                .delete("/{org}/apps/{id}", this::delete);
    }

    private Principal caller(ServerRequest request) {
        return callers.resolve(request, request.path().pathParameters().get("org"));
    }

    private void list(ServerRequest request, ServerResponse response) {
        List<Map<String, Object>> data =
                apps.list(caller(request)).stream().map(AppRoutes::document).toList();
        EventRoutes.sendJson(response, Map.of("data", data));
    }

    private void create(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        ApiKeyRoutes.Named asked = ApiKeyRoutes.read(ChangeBody.read(request, Set.of("name", "scopes")));
        Created created = apps.create(principal, asked.name(), asked.scopes());
        response.status(Status.CREATED_201);
        EventRoutes.sendJson(response, created(created));
    }

    private void resetSecret(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        EventRoutes.sendJson(
                response,
                created(apps.resetSecret(
                        principal, request.path().pathParameters().get("id"))));
    }

    private void delete(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        apps.delete(principal, request.path().pathParameters().get("id"));
        response.status(Status.NO_CONTENT_204);
        response.send();
    }

    private static Map<String, Object> created(Created created) {
        Map<String, Object> document = document(created.app());
        // Shown this once; only its hash is kept.
        document.put("client_secret", created.clientSecret());
        return document;
    }

    static Map<String, Object> document(StoredApp app) {
        var document = new LinkedHashMap<String, Object>();
        document.put("id", app.id());
        document.put("name", app.name());
        document.put("client_id", app.clientId());
        document.put(
                "scopes", EnumSet.copyOf(app.scopes()).stream().map(Scope::wire).toList());
        document.put("created_at", app.createdAt().toString());
        return document;
    }
}
