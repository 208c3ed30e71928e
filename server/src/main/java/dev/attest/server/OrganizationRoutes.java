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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/organizations/{org}}: read the organization's settings, rename it, require MFA, delete it (DESIGN.md §7,
 * ADR 0010). Thin:
 * {@link Callers} says who asks, {@link OrganizationAdministration} applies the rules and records the events.
 */
final class OrganizationRoutes implements HttpService {
    private final Callers callers;
    private final OrganizationAdministration organizations;

    OrganizationRoutes(Callers callers, OrganizationAdministration organizations) {
        this.callers = callers;
        this.organizations = organizations;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}", this::one).patch("/{org}", this::change).delete("/{org}", this::delete);
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
        SettingsChange change = read(ChangeBody.read(request, Set.of("name", "require_mfa")));
        EventRoutes.sendJson(response, document(organizations.change(principal, change)));
    }

    /**
     * {@code DELETE} with {@code {"confirm": "<the organization's name>"}}: the typed confirmation a person gives in
     * the console, required of programs alike (ADR 0010).
     */
    private void delete(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        ChangeBody body = ChangeBody.read(request, Set.of("confirm"));
        Object confirm = body.get("confirm");
        if (confirm != null && !(confirm instanceof String)) {
            body.reject("confirm", "confirm must be a string: the organization's name");
        }
        body.requireValid("confirm (the organization's name, exactly)");
        String typed = confirm instanceof String text ? text : "";
        EventRoutes.sendJson(response, document(organizations.delete(principal, typed)));
    }

    /** Reads {@code {"name": …, "require_mfa": …}}, naming every broken rule with its pointer. */
    static SettingsChange read(ChangeBody body) {
        Object name = body.get("name");
        if (name != null) {
            Optional<String> problem = name instanceof String text
                    ? OrganizationAdministration.nameProblem(text)
                    : Optional.of("name must be a string");
            problem.ifPresent(detail -> body.reject("name", detail));
        }
        Object mfa = body.get("require_mfa");
        if (mfa != null && !(mfa instanceof Boolean)) {
            body.reject("require_mfa", "require_mfa must be true or false");
        }
        body.requireValid("name, require_mfa or both");
        return new SettingsChange((String) name, (Boolean) mfa);
    }

    static Map<String, Object> document(Organization organization) {
        var document = new LinkedHashMap<String, Object>();
        document.put("id", organization.id().value());
        document.put("name", organization.name());
        document.put("require_mfa", organization.requireMfa());
        document.put("created_at", organization.createdAt().toString());
        Instant deletedAt = organization.deletedAt();
        if (deletedAt != null) {
            document.put("deleted_at", deletedAt.toString());
        }
        return document;
    }
}
