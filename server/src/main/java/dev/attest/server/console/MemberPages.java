package dev.attest.server.console;

import dev.attest.core.account.Impersonations;
import dev.attest.core.admin.MemberAdministration;
import dev.attest.core.admin.MemberAdministration.MemberChange;
import dev.attest.core.admin.MemberOverview;
import dev.attest.core.admin.NotFoundException;
import dev.attest.core.admin.PasswordAdministration;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.WeakPasswordException;
import dev.attest.core.event.ActorType;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.member.Workspace;
import dev.attest.core.org.Organization;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.ConsoleViews.MemberRow;
import dev.attest.server.console.ConsoleViews.MembersPage;
import dev.attest.server.console.ConsoleViews.Option;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The members page: who belongs to the organization, and, for owners and admins, forms that change a member's role or
 * disable them through {@link MemberAdministration}, the same code path as the API. Every change ends on the page
 * again with a line saying what was done; a refusal says why, with the status of the API's answer.
 */
final class MemberPages {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final MemberAdministration members;
    private final MemberOverview overview;
    private final PasswordAdministration passwords;
    private final Impersonations impersonations;
    private final Templates templates;

    MemberPages(
            MemberAdministration members,
            MemberOverview overview,
            PasswordAdministration passwords,
            Impersonations impersonations,
            Templates templates) {
        this.members = members;
        this.overview = overview;
        this.passwords = passwords;
        this.impersonations = impersonations;
        this.templates = templates;
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        String notice = notice(request, principal);
        send(response, 200, viewer, org, principal, notice, null);
    }

    void change(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        if (!ConsoleSessions.csrfValid(viewer, form.getOrDefault("csrf", ""))) {
            send(
                    response,
                    403,
                    viewer,
                    org,
                    principal,
                    null,
                    "The form was not sent from this console; reload the page.");
            return;
        }
        String id = request.path().pathParameters().get("id");
        if ("end".equals(form.get("sessions"))) {
            endSessions(request, response, viewer, org, principal, id);
            return;
        }
        if (form.containsKey("password")) {
            setPassword(request, response, viewer, org, principal, id, form.getOrDefault("password", ""));
            return;
        }
        Role role = null;
        if (form.containsKey("role")) {
            role = Role.fromWire(form.getOrDefault("role", "")).orElse(null);
            if (role == null) {
                send(
                        response,
                        400,
                        viewer,
                        org,
                        principal,
                        null,
                        "Role: choose one of owner, admin, auditor or member.");
                return;
            }
        }
        boolean disable = "true".equals(form.get("disabled"));
        if (disable && !"yes".equals(form.get("confirm"))) {
            send(response, 400, viewer, org, principal, null, "Disable: tick the box to confirm.");
            return;
        }
        if (role == null && !disable) {
            send(response, 400, viewer, org, principal, null, "Choose a role or disable the member.");
            return;
        }
        Boolean disabled = disable ? Boolean.TRUE : null;
        Role newRole = role;
        if (!done(
                response,
                viewer,
                org,
                principal,
                () -> members.change(principal, id, new MemberChange(newRole, disabled)))) {
            return;
        }
        ConsoleRoutes.redirect(
                request,
                response,
                "/orgs/" + org.id().value() + "/members?done=" + (disable ? "disabled" : "role") + "&member=" + id);
    }

    /**
     * A super-user starts acting as a member, with the reason they give; then sees the console as the member does,
     * under a banner, from the member's landing page.
     */
    void impersonate(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        if (!ConsoleSessions.csrfValid(viewer, form.getOrDefault("csrf", ""))) {
            send(response, 403, viewer, org, principal, null, Refusal.CSRF);
            return;
        }
        String id = request.path().pathParameters().get("id");
        String reason = form.getOrDefault("reason", "");
        if (!done(
                response,
                viewer,
                org,
                principal,
                () -> impersonations.start(principal, viewer.session().tokenHash(), id, reason))) {
            return;
        }
        ConsoleRoutes.redirect(request, response, "/orgs/" + org.id().value() + "/log");
    }

    /**
     * An owner or admin sets a member's password (a member locked out without mail): recorded as
     * {@code auth.password.adminChange}; the member's sessions end.
     */
    private void setPassword(
            ServerRequest request,
            ServerResponse response,
            SignedIn viewer,
            Organization org,
            Principal principal,
            String id,
            String password) {
        try {
            if (!done(response, viewer, org, principal, () -> passwords.setFor(principal, id, password))) {
                return;
            }
        } catch (WeakPasswordException weak) {
            send(response, 400, viewer, org, principal, null, "New password " + weak.rule() + ".");
            return;
        }
        ConsoleRoutes.redirect(request, response, "/orgs/" + org.id().value() + "/members?done=password&member=" + id);
    }

    private void endSessions(
            ServerRequest request,
            ServerResponse response,
            SignedIn viewer,
            Organization org,
            Principal principal,
            String id) {
        int[] ended = new int[1];
        if (!done(response, viewer, org, principal, () -> ended[0] = members.endSessions(principal, id))) {
            return;
        }
        ConsoleRoutes.redirect(
                request,
                response,
                "/orgs/" + org.id().value() + "/members?done=sessions&ended=" + ended[0] + "&member=" + id);
    }

    /**
     * Runs one change; when the rules refuse it, shows the page again saying why, with the status the API would
     * answer, and returns {@code false}.
     */
    private boolean done(
            ServerResponse response, SignedIn viewer, Organization org, Principal principal, Runnable change) {
        return Refusal.attempt(
                change,
                refusal -> send(
                        response, refusal.status(), viewer, org, principal, null, "Not done: " + refusal.why() + "."));
    }

    /** What the last change did, from the redirect's query: read back from the member as they are now. */
    private @Nullable String notice(ServerRequest request, Principal principal) {
        Optional<String> done = request.query().first("done").asOptional();
        Optional<String> id = request.query().first("member").asOptional();
        if (done.isEmpty() || id.isEmpty()) {
            return null;
        }
        Member member;
        try {
            member = members.find(principal, id.get());
        } catch (NotFoundException missing) {
            return null;
        }
        return switch (done.get()) {
            case "role" -> member.name() + " is now " + roleOf(member) + ".";
            case "disabled" -> member.disabled() ? member.name() + " is disabled; their sessions have ended." : null;
            case "stopped" -> "You no longer act as " + member.name() + ".";
            case "password" -> member.name() + "'s password is set; their sessions have ended.";
            case "sessions" -> {
                String ended = request.query().first("ended").orElse("");
                yield ended.matches("\\d{1,6}")
                        ? member.name() + ": " + ended + (ended.equals("1") ? " session" : " sessions") + " ended."
                        : null;
            }
            default -> null;
        };
    }

    private void send(
            ServerResponse response,
            int status,
            SignedIn viewer,
            Organization org,
            Principal principal,
            @Nullable String notice,
            @Nullable String error) {
        boolean manage = principal.may(Permission.MEMBERS_MANAGE);
        boolean impersonates = principal.type() == ActorType.SUPER_USER && principal.impersonator() == null;
        // A member who may not see the others is told why their change was refused, and shown no one.
        List<MemberOverview.Line> shown = principal.may(Permission.MEMBERS_READ) ? overview.list(principal) : List.of();
        List<MemberRow> rows = shown.stream()
                .map(line -> {
                    Member m = line.member();
                    Instant lastSignIn = line.lastSignIn();
                    List<String> workspaces = line.workspaces();
                    return new MemberRow(
                            m.id(),
                            m.name(),
                            m.email(),
                            roleOf(m),
                            line.groups().isEmpty() ? "—" : String.join(", ", line.groups()),
                            workspaces == null ? "all" : String.join(", ", withDefault(workspaces)),
                            lastSignIn == null ? "never" : WHEN.format(lastSignIn),
                            lastSignIn == null ? "" : lastSignIn.toString(),
                            line.mfa(),
                            m.disabled(),
                            manage && (m.role() != Role.OWNER || principal.may(Permission.OWNERS_MANAGE)),
                            manage && !m.id().equals(principal.id()),
                            impersonates && !m.superUser() && !m.disabled(),
                            roles(principal, m.role()));
                })
                .toList();
        templates.send(
                response,
                status,
                "members.jte",
                "page",
                new MembersPage(
                        ConsoleRoutes.viewer(viewer, org, "members"),
                        org.id().value(),
                        org.name(),
                        manage,
                        rows,
                        roles(principal, null),
                        notice,
                        error));
    }

    /** The roles the principal may give; an admin may not make owners. */
    private static List<Option> roles(Principal principal, @Nullable Role current) {
        return Arrays.stream(Role.values())
                .filter(r -> r != Role.OWNER || principal.may(Permission.OWNERS_MANAGE) || current == Role.OWNER)
                .map(r -> new Option(r.wire(), r.wire(), r == current))
                .toList();
    }

    /** Every reader reads {@code default} (docs/adr/0006); it is named first, then the member's others. */
    private static List<String> withDefault(List<String> workspaces) {
        var all = new ArrayList<String>();
        all.add(Workspace.DEFAULT);
        workspaces.stream().filter(w -> !w.equals(Workspace.DEFAULT)).forEach(all::add);
        return all;
    }

    private static String roleOf(Member member) {
        return member.role() == null ? "none" : member.role().wire();
    }
}
