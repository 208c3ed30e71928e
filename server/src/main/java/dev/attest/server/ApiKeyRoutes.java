package dev.attest.server;

import dev.attest.core.admin.ApiKeyAdministration;
import dev.attest.core.admin.ApiKeyAdministration.Issued;
import dev.attest.core.admin.Principal;
import dev.attest.core.org.Scope;
import dev.attest.core.store.StoredApiKey;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/organizations/{org}/api-keys}: list, create, regenerate and revoke API keys (DESIGN.md §7). The answer of
 * a create or a regeneration carries the key in {@code key}, this once. Thin: {@link Callers} says who asks,
 * {@link ApiKeyAdministration} applies the rules and records the events.
 */
final class ApiKeyRoutes implements HttpService {
    private final Callers callers;
    private final ApiKeyAdministration keys;

    ApiKeyRoutes(Callers callers, ApiKeyAdministration keys) {
        this.callers = callers;
        this.keys = keys;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}/api-keys", this::list)
                .post("/{org}/api-keys", this::create)
                .post("/{org}/api-keys/{id}/regenerate", this::regenerate)
                .delete("/{org}/api-keys/{id}", this::revoke);
    }

    private Principal caller(ServerRequest request) {
        return callers.resolve(request, request.path().pathParameters().get("org"));
    }

    private void list(ServerRequest request, ServerResponse response) {
        List<Map<String, @Nullable Object>> data =
                keys.list(caller(request)).stream().map(ApiKeyRoutes::document).toList();
        EventRoutes.sendJson(response, Map.of("data", data));
    }

    private void create(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        Named asked = read(ChangeBody.read(request, Set.of("name", "scopes")));
        Issued issued = keys.create(principal, asked.name(), asked.scopes());
        response.status(Status.CREATED_201);
        EventRoutes.sendJson(response, issued(issued));
    }

    private void regenerate(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        Issued issued =
                keys.regenerate(principal, request.path().pathParameters().get("id"));
        EventRoutes.sendJson(response, issued(issued));
    }

    private void revoke(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        keys.revoke(principal, request.path().pathParameters().get("id"));
        response.status(Status.NO_CONTENT_204);
        response.send();
    }

    /** A key or app to make: its name and scopes, both checked. */
    record Named(String name, Set<Scope> scopes) {}

    /** Reads {@code {"name": …, "scopes": […]}}, naming every broken rule with its pointer. */
    static Named read(ChangeBody body) {
        Object name = body.get("name");
        if (name == null) {
            body.reject("name", "name is required: what the key is for, e.g. \"billing producer\"");
        } else if (name instanceof String text) {
            ApiKeyAdministration.nameProblem(text).ifPresent(detail -> body.reject("name", detail));
        } else {
            body.reject("name", "name must be a string");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Object list = body.get("scopes");
        if (!(list instanceof List<?> items) || items.isEmpty()) {
            body.reject("scopes", "scopes must be a non-empty array of " + Scope.described());
        } else {
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                Scope scope = item instanceof String text ? Scope.fromWire(text).orElse(null) : null;
                if (scope == null) {
                    body.reject("scopes/" + i, "scopes/" + i + " must be one of " + Scope.described());
                } else {
                    scopes.add(scope);
                }
            }
        }
        body.requireValid("name and scopes");
        return new Named(((String) Objects.requireNonNull(name)).strip(), scopes);
    }

    private static Map<String, @Nullable Object> issued(Issued issued) {
        Map<String, @Nullable Object> document = document(issued.key());
        // Shown this once; only its hash is kept.
        document.put("key", issued.secret().secret());
        return document;
    }

    static Map<String, @Nullable Object> document(StoredApiKey key) {
        var document = new LinkedHashMap<String, @Nullable Object>();
        document.put("id", key.id());
        document.put("name", key.name());
        document.put("key_prefix", key.prefix());
        document.put(
                "scopes", EnumSet.copyOf(key.scopes()).stream().map(Scope::wire).toList());
        document.put("created_at", key.createdAt().toString());
        document.put("last_used_at", text(key.lastUsedAt()));
        document.put("last_used_ip", key.lastUsedIp());
        return document;
    }

    private static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
