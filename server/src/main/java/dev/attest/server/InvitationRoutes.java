package dev.attest.server;

import dev.attest.core.admin.InvitationAdministration;
import dev.attest.core.admin.InvitationAdministration.Sent;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Invitation;
import dev.attest.core.member.Role;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code /v1/organizations/{org}/invitations}: invite by email, list, resend, revoke (DESIGN.md §7). Thin: {@link
 * Callers} says who asks, {@link InvitationAdministration} applies the rules, records the events and sends the mail.
 * No answer carries the link: it goes to the invited address only.
 */
final class InvitationRoutes implements HttpService {
    private static final String ROLES =
            Arrays.stream(Role.values()).map(Role::wire).collect(Collectors.joining(", "));
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_GROUPS = 100;

    private final Callers callers;
    private final InvitationAdministration invitations;

    InvitationRoutes(Callers callers, InvitationAdministration invitations) {
        this.callers = callers;
        this.invitations = invitations;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}/invitations", this::list)
                .post("/{org}/invitations", this::invite)
                .post("/{org}/invitations/{id}/resend", this::resend)
                .delete("/{org}/invitations/{id}", this::revoke);
    }

    private Principal caller(ServerRequest request) {
        return callers.resolve(request, request.path().pathParameters().get("org"));
    }

    private void list(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        List<Map<String, Object>> data = invitations.list(principal).stream()
                .map(InvitationRoutes::document)
                .toList();
        EventRoutes.sendJson(response, Map.of("data", data));
    }

    private void invite(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        ChangeBody body = ChangeBody.read(request, Set.of("email", "role", "groups"));
        Object emailValue = body.get("email");
        String email = emailValue instanceof String text ? text.strip() : "";
        if (!(emailValue instanceof String) && emailValue != null) {
            body.reject("email", "email must be a string");
        } else {
            InvitationAdministration.emailProblem(email).ifPresent(p -> body.reject("email", "email " + p));
        }
        Object roleValue = body.get("role");
        Role role = roleValue instanceof String text ? Role.fromWire(text).orElse(null) : null;
        if (role == null) {
            body.reject("role", "role is required and must be one of " + ROLES);
        }
        List<String> groups = groups(body);
        body.requireValid("email and role");
        Sent sent = invitations.invite(principal, email, java.util.Objects.requireNonNull(role), groups);
        response.status(Status.CREATED_201);
        EventRoutes.sendJson(response, document(sent));
    }

    private void resend(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        Sent sent =
                invitations.resend(principal, request.path().pathParameters().get("id"));
        EventRoutes.sendJson(response, document(sent));
    }

    private void revoke(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        Invitation revoked =
                invitations.revoke(principal, request.path().pathParameters().get("id"));
        EventRoutes.sendJson(response, document(revoked));
    }

    /**
     * The optional {@code groups}: ids of groups to join on accepting. Kept as given: the groups of issue 11 check them
     * against their store when they exist.
     */
    private static List<String> groups(ChangeBody body) {
        Object value = body.get("groups");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.size() > MAX_GROUPS) {
            body.reject("groups", "groups must be an array of at most " + MAX_GROUPS + " group ids");
            return List.of();
        }
        var groups = new ArrayList<String>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String id && GROUP_ID.matcher(id).matches()) {
                if (!groups.contains(id)) {
                    groups.add(id);
                }
            } else {
                body.reject("groups/" + i, "groups/" + i + " must be a group id (letters, digits, _ and -)");
            }
        }
        return groups;
    }

    private static Map<String, Object> document(Sent sent) {
        Map<String, Object> document = document(sent.invitation());
        document.put("mail", sent.delivery());
        return document;
    }

    static Map<String, Object> document(Invitation invitation) {
        var document = new LinkedHashMap<String, Object>();
        document.put("id", invitation.id());
        document.put("email", invitation.email());
        document.put("role", invitation.role().wire());
        document.put("groups", invitation.groups());
        document.put("status", invitation.status().wire());
        document.put("invited_by", invitation.invitedBy());
        document.put("created_at", invitation.createdAt().toString());
        document.put("expires_at", invitation.expiresAt().toString());
        if (invitation.memberId() != null) {
            document.put("member_id", invitation.memberId());
        }
        return document;
    }
}
