package dev.attest.server;

import dev.attest.core.admin.OrganizationAdministration;
import dev.attest.core.admin.OrganizationAdministration.SettingsChange;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Permission;
import dev.attest.core.org.Organization;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;

/**
 * {@code /v1/organizations/{org}}: read the organization's settings, rename it, require MFA (DESIGN.md §7). Thin:
 * {@link Callers} says who asks, {@link OrganizationAdministration} applies the rules and records the events.
 */
final class OrganizationRoutes implements HttpService {
    private static final long MAX_BODY_BYTES = 4 * 1024;

    private final Callers callers;
    private final OrganizationAdministration organizations;

    OrganizationRoutes(Callers callers, OrganizationAdministration organizations) {
        this.callers = callers;
        this.organizations = organizations;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}", this::one).patch("/{org}", this::change);
    }

    private Principal caller(ServerRequest request) {
        return callers.resolve(request, request.path().pathParameters().get("org"));
    }

    private void one(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        principal.require(Permission.LOG_READ);
        EventRoutes.sendJson(response, document(organizations.find(principal)));
    }

    private void change(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        SettingsChange change;
        try (JsonParser json = JsonBodies.open(request, MAX_BODY_BYTES)) {
            change = read(JsonBodies.readValue(json));
        }
        EventRoutes.sendJson(response, document(organizations.change(principal, change)));
    }

    /** Reads {@code {"name": …, "require_mfa": …}}, naming every broken rule with its pointer. */
    static SettingsChange read(@Nullable Object body) {
        if (!(body instanceof Map<?, ?> map)) {
            throw Problem.badRequest(
                    "the body must be a JSON object", List.of(Map.of("pointer", "", "detail", "must be an object")));
        }
        var errors = new ArrayList<Map<String, String>>();
        for (Object field : map.keySet()) {
            if (!field.equals("name") && !field.equals("require_mfa")) {
                errors.add(Map.of(
                        "pointer",
                        "/" + field,
                        "detail",
                        field + " is not an organization setting; send name or require_mfa"));
            }
        }
        Object name = map.get("name");
        if (name != null) {
            Optional<String> problem = name instanceof String text
                    ? OrganizationAdministration.nameProblem(text)
                    : Optional.of("name must be a string");
            problem.ifPresent(detail -> errors.add(Map.of("pointer", "/name", "detail", detail)));
        }
        Object mfa = map.get("require_mfa");
        if (mfa != null && !(mfa instanceof Boolean)) {
            errors.add(Map.of("pointer", "/require_mfa", "detail", "require_mfa must be true or false"));
        }
        if (errors.isEmpty() && name == null && mfa == null) {
            errors.add(Map.of("pointer", "", "detail", "send name, require_mfa or both"));
        }
        if (!errors.isEmpty()) {
            throw Problem.badRequest(
                    errors.size() == 1
                            ? errors.getFirst().getOrDefault("detail", "")
                            : errors.size() + " problems; nothing changed",
                    errors);
        }
        return new SettingsChange((String) name, (Boolean) mfa);
    }

    static Map<String, Object> document(Organization organization) {
        var document = new LinkedHashMap<String, Object>();
        document.put("id", organization.id().value());
        document.put("name", organization.name());
        document.put("require_mfa", organization.requireMfa());
        document.put("created_at", organization.createdAt().toString());
        return document;
    }
}
