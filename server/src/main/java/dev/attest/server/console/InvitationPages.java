package dev.attest.server.console;

import dev.attest.core.admin.ConflictException;
import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.InvitationAdministration;
import dev.attest.core.admin.InvitationAdministration.Sent;
import dev.attest.core.admin.InvitationAdministration.UnusableLinkException;
import dev.attest.core.admin.NotFoundException;
import dev.attest.core.admin.PasswordPolicy;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Invitation;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.org.Organization;
import dev.attest.core.store.OrganizationStore;
import dev.attest.server.console.AccountViews.AcceptPage;
import dev.attest.server.console.AccountViews.InvitationRow;
import dev.attest.server.console.AccountViews.InvitationsPage;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.ConsoleViews.Message;
import dev.attest.server.console.ConsoleViews.Option;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Invitations in the console: the organization's invitations page (invite, resend, revoke, through
 * {@link InvitationAdministration}, the same code path as the API), and the page an invitation's link opens, where the
 * person chooses a name and password and becomes a member. A link that is unknown, expired, revoked or used gets a page
 * that says which, and what to do.
 */
final class InvitationPages {
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", java.util.Locale.ROOT);

    private final InvitationAdministration invitations;
    private final OrganizationStore organizations;
    private final ConsoleSessions sessions;
    private final Templates templates;
    private final Clock clock;

    InvitationPages(
            InvitationAdministration invitations,
            OrganizationStore organizations,
            ConsoleSessions sessions,
            Templates templates,
            Clock clock) {
        this.invitations = invitations;
        this.organizations = organizations;
        this.sessions = sessions;
        this.templates = templates;
        this.clock = clock;
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        String notice = switch (request.query().first("done").orElse("")) {
            case "invited" -> "Invitation sent" + delivered(request) + ".";
            case "resent" -> "Invitation sent again with a new link" + delivered(request) + ".";
            case "revoked" -> "Invitation revoked: its link no longer works.";
            default -> null;
        };
        send(response, 200, viewer, org, principal, "", notice, null);
    }

    /** {@code POST /orgs/{org}/invitations}: invite. */
    void invite(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        String email = form.getOrDefault("email", "").strip();
        if (!ConsoleSessions.csrfValid(viewer, form.getOrDefault("csrf", ""))) {
            send(
                    response,
                    403,
                    viewer,
                    org,
                    principal,
                    email,
                    null,
                    "The form was not sent from this console; reload" + " the page.");
            return;
        }
        Optional<String> emailProblem = InvitationAdministration.emailProblem(email);
        if (emailProblem.isPresent()) {
            send(response, 400, viewer, org, principal, email, null, "Email " + emailProblem.get() + ".");
            return;
        }
        Optional<Role> role = Role.fromWire(form.getOrDefault("role", ""));
        if (role.isEmpty()) {
            send(
                    response,
                    400,
                    viewer,
                    org,
                    principal,
                    email,
                    null,
                    "Role: choose one of owner, admin, auditor or" + " member.");
            return;
        }
        Sent[] sent = new Sent[1];
        if (!done(
                response,
                viewer,
                org,
                principal,
                email,
                () -> sent[0] = invitations.invite(principal, email, role.get(), List.of()))) {
            return;
        }
        ConsoleRoutes.redirect(
                request,
                response,
                "/orgs/" + org.id().value() + "/invitations?done=invited&mail=" + sent[0].delivery());
    }

    /** {@code POST /orgs/{org}/invitations/{id}}: resend or revoke. */
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
                    "",
                    null,
                    "The form was not sent from this console; reload" + " the page.");
            return;
        }
        String id = request.path().pathParameters().get("id");
        String action = form.getOrDefault("action", "");
        String base = "/orgs/" + org.id().value() + "/invitations?done=";
        if (action.equals("resend")) {
            Sent[] sent = new Sent[1];
            if (done(response, viewer, org, principal, "", () -> sent[0] = invitations.resend(principal, id))) {
                ConsoleRoutes.redirect(request, response, base + "resent&mail=" + sent[0].delivery());
            }
        } else if (action.equals("revoke")) {
            if (done(response, viewer, org, principal, "", () -> invitations.revoke(principal, id))) {
                ConsoleRoutes.redirect(request, response, base + "revoked");
            }
        } else {
            send(response, 400, viewer, org, principal, "", null, "Choose to resend or revoke the invitation.");
        }
    }

    /** {@code GET /invitations/{token}}: the accept form, or why the link does not work. */
    void acceptPage(ServerRequest request, ServerResponse response) {
        String token = request.path().pathParameters().get("token");
        Invitation invitation;
        try {
            invitation = invitations.open(token);
        } catch (UnusableLinkException unusable) {
            unusable(response, unusable);
            return;
        }
        templates.send(response, 200, "accept.jte", "page", accept(request, response, token, invitation, "", null));
    }

    /** {@code POST /invitations/{token}}: become a member. */
    void accept(ServerRequest request, ServerResponse response) {
        String token = request.path().pathParameters().get("token");
        Map<String, String> form = Forms.read(request);
        String name = form.getOrDefault("name", "").strip();
        String password = form.getOrDefault("password", "");
        Invitation invitation;
        try {
            invitation = invitations.open(token);
        } catch (UnusableLinkException unusable) {
            unusable(response, unusable);
            return;
        }
        String error = null;
        if (!ConsoleSessions.signInTokenValid(request, form.getOrDefault("csrf", ""))) {
            error = "This form expired. Please fill it in again.";
        } else if (name.isEmpty() || name.length() > 200) {
            error = "Name: write the name others will see, at most 200 characters.";
        } else if (!password.equals(form.getOrDefault("password_again", ""))) {
            error = "Password again: the two passwords differ.";
        } else {
            Optional<String> weak = PasswordPolicy.standard().problem(password, invitation.email());
            if (weak.isPresent()) {
                error = "Password " + weak.get() + ".";
            }
        }
        if (error != null) {
            templates.send(
                    response, 400, "accept.jte", "page", accept(request, response, token, invitation, name, error));
            return;
        }
        Member member;
        try {
            member = invitations.accept(token, name, Passwords.hash(password));
        } catch (UnusableLinkException unusable) {
            unusable(response, unusable);
            return;
        } catch (ConflictException taken) {
            message(response, 409, "You have an account already", taken.getMessage() + ".");
            return;
        }
        String orgName = organizations
                .find(invitation.organization())
                .map(Organization::name)
                .orElse("the organization");
        message(
                response,
                200,
                "Welcome to " + orgName,
                "You are now a member of " + orgName + " as " + roleOf(member) + ". Sign in with " + member.email()
                        + " and the password you chose.");
    }

    private AcceptPage accept(
            ServerRequest request,
            ServerResponse response,
            String token,
            Invitation invitation,
            String typedName,
            @Nullable String error) {
        String orgName = organizations
                .find(invitation.organization())
                .map(Organization::name)
                .orElse("an organization");
        return new AcceptPage(
                token,
                sessions.signInToken(request, response),
                orgName,
                invitation.email(),
                invitation.role().wire(),
                typedName,
                error);
    }

    private void unusable(ServerResponse response, UnusableLinkException unusable) {
        switch (unusable.reason()) {
            case EXPIRED ->
                message(
                        response,
                        410,
                        "This invitation has expired",
                        "Invitations work for 7 days. Ask whoever invited you to send it again.");
            case REVOKED ->
                message(
                        response,
                        410,
                        "This invitation was revoked",
                        "Whoever invited you took the invitation back. Ask them if you think this is a mistake.");
            case USED ->
                message(
                        response,
                        410,
                        "This invitation was used already",
                        "An invitation link works once. If you accepted it, sign in with your email and password.");
            case UNKNOWN ->
                message(
                        response,
                        404,
                        "This invitation link does not work",
                        "Check that the whole link was copied. If it was sent again, only the newest link works.");
        }
    }

    private boolean done(
            ServerResponse response,
            SignedIn viewer,
            Organization org,
            Principal principal,
            String typedEmail,
            Runnable change) {
        int status;
        String why;
        try {
            change.run();
            return true;
        } catch (ForbiddenException refused) {
            status = 403;
            why = refused.getMessage();
        } catch (ConflictException conflict) {
            status = 409;
            why = conflict.getMessage();
        } catch (NotFoundException missing) {
            status = 404;
            why = missing.getMessage();
        }
        send(response, status, viewer, org, principal, typedEmail, null, "Not done: " + why + ".");
        return false;
    }

    private void send(
            ServerResponse response,
            int status,
            SignedIn viewer,
            Organization org,
            Principal principal,
            String typedEmail,
            @Nullable String notice,
            @Nullable String error) {
        List<InvitationRow> rows = principal.may(Permission.MEMBERS_READ)
                ? invitations.list(principal).stream()
                        .map(i -> new InvitationRow(
                                i.id(),
                                i.email(),
                                i.role().wire(),
                                i.status() == Invitation.Status.PENDING && !i.usableAt(clock.instant())
                                        ? "expired"
                                        : i.status().wire(),
                                DAY.format(i.expiresAt().atOffset(ZoneOffset.UTC)),
                                i.status() == Invitation.Status.PENDING && principal.may(Permission.MEMBERS_MANAGE)))
                        .toList()
                : List.of();
        List<Option> roles = Arrays.stream(Role.values())
                .filter(r -> r != Role.OWNER || principal.may(Permission.OWNERS_MANAGE))
                .map(r -> new Option(r.wire(), r.wire(), r == Role.MEMBER))
                .toList();
        templates.send(
                response,
                status,
                "invitations.jte",
                "page",
                new InvitationsPage(
                        ConsoleRoutes.viewer(viewer, org, "members"),
                        org.id().value(),
                        org.name(),
                        principal.may(Permission.MEMBERS_MANAGE),
                        roles,
                        typedEmail,
                        rows,
                        notice,
                        error));
    }

    private void message(ServerResponse response, int status, String title, String text) {
        templates.send(response, status, "message.jte", "page", new Message(null, title, text, status));
    }

    /** " (kept in the outbox)" and the like, from the redirect's {@code mail}. */
    private static String delivered(ServerRequest request) {
        return switch (request.query().first("mail").orElse("")) {
            case "smtp" -> " by email";
            case "outbox" -> " to the outbox: no SMTP server is configured, so a super-user passes the link on";
            case "failed" -> ", but the mail could not be sent: send it again later";
            default -> "";
        };
    }

    private static String roleOf(Member member) {
        return member.role() == null ? "none" : member.role().wire();
    }
}
