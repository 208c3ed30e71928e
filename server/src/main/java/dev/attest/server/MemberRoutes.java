package dev.attest.server;

import dev.attest.core.account.MultiFactor;
import dev.attest.core.admin.MemberAdministration;
import dev.attest.core.admin.MemberAdministration.MemberChange;
import dev.attest.core.admin.MemberOverview;
import dev.attest.core.admin.Principal;
import dev.attest.core.event.EventDocument;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.member.Workspace;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/organizations/{org}/members}: list the members, change a member's role or disable them, end a member's
 * sessions, turn off a member's MFA (DESIGN.md §7).
 * Thin: {@link Callers} says who asks, {@link MemberAdministration} applies the rules and records the events.
 */
final class MemberRoutes implements HttpService {
    private static final String ROLES =
            Arrays.stream(Role.values()).map(Role::wire).collect(Collectors.joining(", "));

    private final Callers callers;
    private final MemberAdministration members;
    private final MemberOverview overview;
    private final MultiFactor multiFactor;

    MemberRoutes(Callers callers, MemberAdministration members, MemberOverview overview, MultiFactor multiFactor) {
        this.callers = callers;
        this.members = members;
        this.overview = overview;
        this.multiFactor = multiFactor;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}/members", this::list)
                .patch("/{org}/members/{id}", this::change)
                .delete("/{org}/members/{id}/sessions", this::endSessions)
                .delete("/{org}/members/{id}/mfa", this::disableMfa);
    }

    private Principal caller(ServerRequest request) {
        return callers.resolve(request, request.path().pathParameters().get("org"));
    }

    private void list(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        // What the console's members page shows, column for column.
        List<Map<String, @Nullable Object>> data = overview.list(principal).stream()
                .map(line -> {
                    Map<String, @Nullable Object> document = new LinkedHashMap<>(document(line.member()));
                    document.put("mfa_enabled", line.mfa());
                    document.put("groups", line.groups());
                    document.put("reads_every_workspace", line.workspaces() == null);
                    document.put("readable_workspaces", readable(line.workspaces()));
                    Instant lastSignIn = line.lastSignIn();
                    document.put("last_sign_in_at", lastSignIn == null ? null : EventDocument.timestamp(lastSignIn));
                    return document;
                })
                .toList();
        EventRoutes.sendJson(response, Map.of("data", data));
    }

    private void change(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        MemberChange change = read(ChangeBody.read(request, Set.of("role", "disabled", "workspaces")));
        Member member =
                members.change(principal, request.path().pathParameters().get("id"), change);
        var document = new LinkedHashMap<>(document(member));
        document.put("workspaces", members.workspaces(principal, member.id()));
        EventRoutes.sendJson(response, document);
    }

    private void endSessions(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        String id = request.path().pathParameters().get("id");
        int ended = members.endSessions(principal, id);
        EventRoutes.sendJson(response, Map.of("member_id", id, "sessions_ended", ended));
    }

    /**
     * Turns off a member's MFA, for one who lost their authenticator and recovery codes; they sign in with their
     * password alone until they set it up again (or at once, if the organization requires MFA).
     */
    private void disableMfa(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        String id = request.path().pathParameters().get("id");
        boolean disabled = multiFactor.disableFor(principal, id);
        EventRoutes.sendJson(response, Map.of("member_id", id, "mfa_disabled", disabled));
    }

    /** Reads {@code {"role": …, "disabled": …, "workspaces": […]}}, naming every broken rule with its pointer. */
    static MemberChange read(ChangeBody body) {
        Object roleValue = body.get("role");
        Role role = roleValue instanceof String text ? Role.fromWire(text).orElse(null) : null;
        if (roleValue != null && role == null) {
            body.reject("role", "role must be one of " + ROLES);
        }
        Object disabled = body.get("disabled");
        if (disabled != null && !(disabled instanceof Boolean)) {
            body.reject("disabled", "disabled must be true or false");
        }
        List<String> workspaces = body.get("workspaces") == null
                ? null
                : GroupRoutes.strings(body, "workspaces", WorkspaceRoutes.NAME, "a workspace name");
        body.requireValid("role, disabled, workspaces or several");
        return new MemberChange(role, (Boolean) disabled, workspaces);
    }

    /** {@code default} and the member's other readable workspaces; none listed when their role reads every one. */
    private static List<String> readable(@Nullable List<String> besidesDefault) {
        if (besidesDefault == null) {
            return List.of();
        }
        var readable = new ArrayList<String>();
        readable.add(Workspace.DEFAULT);
        besidesDefault.stream().filter(w -> !w.equals(Workspace.DEFAULT)).forEach(readable::add);
        return readable;
    }

    static Map<String, Object> document(Member member) {
        var document = new LinkedHashMap<String, Object>();
        document.put("id", member.id());
        document.put("email", member.email());
        document.put("name", member.name());
        document.put("role", member.role() == null ? "none" : member.role().wire());
        document.put("status", member.disabled() ? "disabled" : "active");
        document.put("created_at", member.createdAt().toString());
        return document;
    }
}
