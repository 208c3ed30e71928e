package dev.attest.server.console;

import dev.attest.core.admin.GroupAdministration;
import dev.attest.core.admin.MemberAdministration;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.WorkspaceAdministration;
import dev.attest.core.member.Group;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Workspace;
import dev.attest.core.org.Organization;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.ConsoleViews.Choice;
import dev.attest.server.console.ConsoleViews.GroupRow;
import dev.attest.server.console.ConsoleViews.GroupsPage;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The groups page: the organization's groups with their members and workspaces, and, for owners and admins, forms
 * that create, rename and delete groups and change their members and workspaces through {@link GroupAdministration},
 * the same code path as the API. Every change ends on the page again with a line saying what was done; a refusal or
 * a form error says why, with the status of the API's answer.
 */
final class GroupPages {
    private final GroupAdministration groups;
    private final MemberAdministration members;
    private final WorkspaceAdministration workspaces;
    private final Templates templates;

    GroupPages(
            GroupAdministration groups,
            MemberAdministration members,
            WorkspaceAdministration workspaces,
            Templates templates) {
        this.groups = groups;
        this.members = members;
        this.workspaces = workspaces;
        this.templates = templates;
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        String done = request.query().first("done").orElse("");
        String name = request.query().first("name").orElse("");
        String notice = switch (done) {
            case "create" -> "Created the group " + name + ".";
            case "rename" -> "Renamed the group to " + name + ".";
            case "members" -> "Saved the members of " + name + ".";
            case "workspaces" -> "Saved the workspaces of " + name + ".";
            case "delete" -> "Deleted the group " + name + ".";
            default -> null;
        };
        send(response, 200, viewer, org, principal, "", notice, null);
    }

    /** {@code POST /orgs/{org}/groups}: creates a group. */
    void create(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        if (!csrf(response, viewer, org, principal, form)) {
            return;
        }
        String name = form.getOrDefault("name", "");
        Optional<String> problem = GroupAdministration.nameProblem(name);
        if (problem.isPresent()) {
            send(response, 400, viewer, org, principal, name, null, "Name: " + problem.get() + ".");
            return;
        }
        Optional<Group> created = attempt(response, viewer, org, principal, name, () -> groups.create(principal, name));
        created.ifPresent(group -> done(request, response, org, "create", group.name()));
    }

    /** {@code POST /orgs/{org}/groups/{id}}: one change of a group, named by the form's {@code op}. */
    void change(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        if (!csrf(response, viewer, org, principal, form)) {
            return;
        }
        String id = request.path().pathParameters().get("id");
        String op = form.getOrDefault("op", "");
        Supplier<@Nullable Group> change;
        switch (op) {
            case "rename" -> {
                String name = form.getOrDefault("name", "");
                Optional<String> problem = GroupAdministration.nameProblem(name);
                if (problem.isPresent()) {
                    send(response, 400, viewer, org, principal, "", null, "Name: " + problem.get() + ".");
                    return;
                }
                change = () -> groups.rename(principal, id, name);
            }
            case "members" ->
                change = () -> {
                    // A checked box is a member of the group; every other member of the organization is not.
                    Group group = groups.find(principal, id);
                    List<String> wanted = checked(form, "member.");
                    List<String> add = wanted.stream()
                            .filter(m -> !group.members().contains(m))
                            .toList();
                    List<String> remove = group.members().stream()
                            .filter(m -> !wanted.contains(m))
                            .toList();
                    return groups.changeMembers(principal, id, add, remove);
                };
            case "workspaces" -> change = () -> groups.replaceWorkspaces(principal, id, checked(form, "workspace."));
            case "delete" -> {
                if (!"yes".equals(form.get("confirm"))) {
                    send(response, 400, viewer, org, principal, "", null, "Delete: tick the box to confirm.");
                    return;
                }
                change = () -> {
                    Group group = groups.find(principal, id);
                    groups.delete(principal, id);
                    return group;
                };
            }
            default -> {
                send(response, 400, viewer, org, principal, "", null, "Choose a change to make.");
                return;
            }
        }
        Optional<Group> changed = attempt(response, viewer, org, principal, "", change);
        changed.ifPresent(group -> done(request, response, org, op, group.name()));
    }

    private static List<String> checked(Map<String, String> form, String prefix) {
        return form.entrySet().stream()
                .filter(field -> field.getKey().startsWith(prefix) && "on".equals(field.getValue()))
                .map(field -> field.getKey().substring(prefix.length()))
                .sorted()
                .toList();
    }

    private static void done(ServerRequest request, ServerResponse response, Organization org, String op, String name) {
        ConsoleRoutes.redirect(
                request,
                response,
                "/orgs/" + org.id().value() + "/groups?done=" + op + "&name="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    private boolean csrf(
            ServerResponse response, SignedIn viewer, Organization org, Principal principal, Map<String, String> form) {
        boolean valid = ConsoleSessions.csrfValid(viewer, form.getOrDefault("csrf", ""));
        if (!valid) {
            send(response, 403, viewer, org, principal, "", null, Refusal.CSRF);
        }
        return valid;
    }

    /**
     * Runs one change; when the rules refuse it, shows the page again saying why, with the status the API would
     * answer, and returns empty.
     */
    private Optional<Group> attempt(
            ServerResponse response,
            SignedIn viewer,
            Organization org,
            Principal principal,
            String typedName,
            Supplier<@Nullable Group> change) {
        List<Group> changed = new java.util.ArrayList<>(1);
        Refusal.attempt(
                () -> Optional.ofNullable(change.get()).ifPresent(changed::add),
                refusal -> send(
                        response,
                        refusal.status(),
                        viewer,
                        org,
                        principal,
                        typedName,
                        null,
                        "Not done: " + refusal.why() + "."));
        return changed.stream().findFirst();
    }

    private void send(
            ServerResponse response,
            int status,
            SignedIn viewer,
            Organization org,
            Principal principal,
            String typedName,
            @Nullable String notice,
            @Nullable String error) {
        boolean manage = principal.may(Permission.GROUPS_MANAGE);
        boolean read = principal.may(Permission.MEMBERS_READ);
        // A caller who may not see the groups is told why their change was refused, and shown none.
        List<Member> people = read ? members.list(principal) : List.of();
        List<Workspace> places = read ? workspaces.list(principal) : List.of();
        List<GroupRow> rows = (read ? groups.list(principal) : List.<Group>of())
                .stream()
                        .map(g -> new GroupRow(
                                g.id(),
                                g.name(),
                                people.stream()
                                        .filter(m ->
                                                !m.disabled() || g.members().contains(m.id()))
                                        .map(m -> new Choice(
                                                m.id(), m.name(), g.members().contains(m.id())))
                                        .toList(),
                                places.stream()
                                        .map(w -> new Choice(
                                                w.name(),
                                                w.name(),
                                                g.workspaces().contains(w.name())))
                                        .toList()))
                        .toList();
        templates.send(
                response,
                status,
                "groups.jte",
                "page",
                new GroupsPage(
                        ConsoleRoutes.viewer(viewer, org, "groups"),
                        org.id().value(),
                        org.name(),
                        manage,
                        rows,
                        typedName,
                        notice,
                        error));
    }
}
