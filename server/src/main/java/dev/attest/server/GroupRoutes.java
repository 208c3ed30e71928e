package dev.attest.server;

import dev.attest.core.admin.GroupAdministration;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Group;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /v1/organizations/{org}/groups}: list, create, rename and delete groups, change their members and the
 * workspaces they give access to (DESIGN.md §7). Thin: {@link Callers} says who asks, {@link GroupAdministration}
 * applies the rules and records the events.
 */
final class GroupRoutes implements HttpService {
    /** The most ids or names one change may carry. */
    static final int MAX_ITEMS = 100;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Callers callers;
    private final GroupAdministration groups;

    GroupRoutes(Callers callers, GroupAdministration groups) {
        this.callers = callers;
        this.groups = groups;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}/groups", this::list)
                .post("/{org}/groups", this::create)
                .get("/{org}/groups/{id}", this::one)
                .patch("/{org}/groups/{id}", this::rename)
                .delete("/{org}/groups/{id}", this::delete)
                .patch("/{org}/groups/{id}/members", this::changeMembers)
                .put("/{org}/groups/{id}/workspaces", this::replaceWorkspaces);
    }

    private Principal caller(ServerRequest request) {
        return callers.resolve(request, request.path().pathParameters().get("org"));
    }

    private static String id(ServerRequest request) {
        return request.path().pathParameters().get("id");
    }

    private void list(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        List<Map<String, Object>> data =
                groups.list(principal).stream().map(GroupRoutes::document).toList();
        EventRoutes.sendJson(response, Map.of("data", data));
    }

    private void one(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        EventRoutes.sendJson(response, document(groups.find(principal, id(request))));
    }

    private void create(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        String name = name(ChangeBody.read(request, Set.of("name")));
        Group group = groups.create(principal, name);
        response.status(Status.CREATED_201);
        EventRoutes.sendJson(response, document(group));
    }

    private void rename(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        String name = name(ChangeBody.read(request, Set.of("name")));
        EventRoutes.sendJson(response, document(groups.rename(principal, id(request), name)));
    }

    private void delete(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        groups.delete(principal, id(request));
        response.status(Status.NO_CONTENT_204);
        response.send();
    }

    private void changeMembers(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        ChangeBody body = ChangeBody.read(request, Set.of("add", "remove"));
        List<String> add = strings(body, "add", ID, "a member id");
        List<String> remove = strings(body, "remove", ID, "a member id");
        body.requireValid("add, remove or both");
        EventRoutes.sendJson(response, document(groups.changeMembers(principal, id(request), add, remove)));
    }

    private void replaceWorkspaces(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        ChangeBody body = ChangeBody.read(request, Set.of("workspaces"));
        if (body.get("workspaces") == null) {
            body.reject("workspaces", "workspaces is required: the full list of workspace names, [] for none");
        }
        List<String> workspaces = strings(body, "workspaces", WorkspaceRoutes.NAME, "a workspace name");
        body.requireValid("workspaces");
        EventRoutes.sendJson(response, document(groups.replaceWorkspaces(principal, id(request), workspaces)));
    }

    /** Reads {@code {"name": …}}, naming the broken rule with its pointer. */
    static String name(ChangeBody body) {
        Object name = body.get("name");
        if (name == null) {
            body.reject("name", "name is required");
        } else {
            Optional<String> problem = name instanceof String text
                    ? GroupAdministration.nameProblem(text)
                    : Optional.of("name must be a string");
            problem.ifPresent(detail -> body.reject("name", detail));
        }
        body.requireValid("name");
        return String.valueOf(name);
    }

    /**
     * The strings of the array {@code field} (empty when absent), each matching {@code rule}; every broken rule is
     * collected in {@code body} with its pointer ({@code /field/i}).
     */
    static List<String> strings(ChangeBody body, String field, Pattern rule, String what) {
        Object value = body.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            body.reject(field, field + " must be an array of strings");
            return List.of();
        }
        if (items.size() > MAX_ITEMS) {
            body.reject(field, field + " must hold at most " + MAX_ITEMS + " items");
            return List.of();
        }
        var strings = new ArrayList<String>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof String text && rule.matcher(text).matches()) {
                strings.add(text);
            } else {
                body.reject(field + "/" + i, field + "/" + i + " must be " + what + " matching " + rule.pattern());
            }
        }
        return List.copyOf(strings);
    }

    static Map<String, Object> document(Group group) {
        var document = new LinkedHashMap<String, Object>();
        document.put("id", group.id());
        document.put("name", group.name());
        document.put("members", group.members());
        document.put("workspaces", group.workspaces());
        document.put("created_at", group.createdAt().toString());
        return document;
    }
}
