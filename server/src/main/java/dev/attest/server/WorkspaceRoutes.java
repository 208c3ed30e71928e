package dev.attest.server;

import dev.attest.core.admin.Principal;
import dev.attest.core.admin.WorkspaceAdministration;
import dev.attest.core.member.Workspace;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /v1/organizations/{org}/workspaces}: list and create the organization's workspaces (DESIGN.md §7). Thin:
 * {@link Callers} says who asks, {@link WorkspaceAdministration} applies the rules.
 */
final class WorkspaceRoutes implements HttpService {
    /** What a workspace name must match. */
    static final Pattern NAME = Workspace.NAME;

    private final Callers callers;
    private final WorkspaceAdministration workspaces;

    WorkspaceRoutes(Callers callers, WorkspaceAdministration workspaces) {
        this.callers = callers;
        this.workspaces = workspaces;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}/workspaces", this::list).post("/{org}/workspaces", this::create);
    }

    private Principal caller(ServerRequest request) {
        return callers.resolve(request, request.path().pathParameters().get("org"));
    }

    private void list(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        List<Map<String, Object>> data = workspaces.list(principal).stream()
                .map(WorkspaceRoutes::document)
                .toList();
        EventRoutes.sendJson(response, Map.of("data", data));
    }

    private void create(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        ChangeBody body = ChangeBody.read(request, Set.of("name"));
        Object name = body.get("name");
        if (name == null) {
            body.reject("name", "name is required");
        } else if (!(name instanceof String text)) {
            body.reject("name", "name must be a string");
        } else {
            WorkspaceAdministration.nameProblem(text).ifPresent(detail -> body.reject("name", detail));
        }
        body.requireValid("name");
        Workspace workspace = workspaces.create(principal, String.valueOf(name));
        response.status(Status.CREATED_201);
        EventRoutes.sendJson(response, document(workspace));
    }

    static Map<String, Object> document(Workspace workspace) {
        var document = new LinkedHashMap<String, Object>();
        document.put("name", workspace.name());
        document.put("created_at", workspace.createdAt().toString());
        return document;
    }
}
