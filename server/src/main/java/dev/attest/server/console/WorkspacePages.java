package dev.attest.server.console;

import dev.attest.core.admin.MemberAdministration;
import dev.attest.core.admin.MemberAdministration.MemberChange;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.WorkspaceAdministration;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Workspace;
import dev.attest.core.org.Organization;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.ConsoleViews.AccessRow;
import dev.attest.server.console.ConsoleViews.Choice;
import dev.attest.server.console.ConsoleViews.WorkspacesPage;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The workspaces page: the organization's workspaces and, for owners and admins, a form that creates one and a form
 * per member that sets their direct access ({@code user.accessChange} through {@link MemberAdministration}, the same
 * code path as {@code PATCH /v1/…/members/{id}}). Every change ends on the page again saying what was done.
 */
final class WorkspacePages {
    private final WorkspaceAdministration workspaces;
    private final MemberAdministration members;
    private final Templates templates;

    WorkspacePages(WorkspaceAdministration workspaces, MemberAdministration members, Templates templates) {
        this.workspaces = workspaces;
        this.members = members;
        this.templates = templates;
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        String name = request.query().first("name").orElse("");
        String notice = switch (request.query().first("done").orElse("")) {
            case "create" -> "Created the workspace " + name + ".";
            case "access" -> "Saved the workspaces of " + name + ".";
            default -> null;
        };
        send(response, 200, viewer, org, principal, "", notice, null);
    }

    /** {@code POST /orgs/{org}/workspaces}: creates a workspace. */
    void create(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        if (!csrf(response, viewer, org, principal, form)) {
            return;
        }
        String name = form.getOrDefault("name", "");
        Optional<String> problem = WorkspaceAdministration.nameProblem(name);
        if (problem.isPresent()) {
            send(response, 400, viewer, org, principal, name, null, "Name: " + problem.get() + ".");
            return;
        }
        if (attempt(response, viewer, org, principal, name, () -> workspaces.create(principal, name))) {
            done(request, response, org, "create", name);
        }
    }

    /** {@code POST /orgs/{org}/workspaces/access/{id}}: sets a member's direct workspace access. */
    void access(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        if (!csrf(response, viewer, org, principal, form)) {
            return;
        }
        String id = request.path().pathParameters().get("id");
        List<String> wanted = form.entrySet().stream()
                .filter(field -> field.getKey().startsWith("workspace.") && "on".equals(field.getValue()))
                .map(field -> field.getKey().substring("workspace.".length()))
                .sorted()
                .toList();
        Member[] changed = new Member[1];
        if (attempt(
                response,
                viewer,
                org,
                principal,
                "",
                () -> changed[0] = members.change(principal, id, new MemberChange(null, null, wanted)))) {
            done(request, response, org, "access", changed[0].name());
        }
    }

    private static void done(ServerRequest request, ServerResponse response, Organization org, String op, String name) {
        ConsoleRoutes.redirect(
                request,
                response,
                "/orgs/" + org.id().value() + "/workspaces?done=" + op + "&name="
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

    /** Runs one change; when the rules refuse it, shows the page again saying why and returns {@code false}. */
    private boolean attempt(
            ServerResponse response,
            SignedIn viewer,
            Organization org,
            Principal principal,
            String typedName,
            Runnable change) {
        return Refusal.attempt(
                change,
                refusal -> send(
                        response,
                        refusal.status(),
                        viewer,
                        org,
                        principal,
                        typedName,
                        null,
                        "Not done: " + refusal.why() + "."));
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
        boolean manage = principal.may(Permission.WORKSPACES_MANAGE);
        boolean read = principal.may(Permission.MEMBERS_READ);
        List<String> names =
                read ? workspaces.list(principal).stream().map(Workspace::name).toList() : List.of();
        List<AccessRow> rows = manage
                ? members.list(principal).stream()
                        .filter(m -> !m.disabled())
                        .map(m -> {
                            List<String> direct = members.workspaces(principal, m.id());
                            return new AccessRow(
                                    m.id(),
                                    m.name(),
                                    names.stream()
                                            .map(w -> new Choice(w, w, direct.contains(w)))
                                            .toList());
                        })
                        .toList()
                : List.of();
        templates.send(
                response,
                status,
                "workspaces.jte",
                "page",
                new WorkspacesPage(
                        ConsoleRoutes.viewer(viewer, org, "workspaces"),
                        org.id().value(),
                        org.name(),
                        manage,
                        names,
                        rows,
                        typedName,
                        notice,
                        error));
    }
}
