package dev.attest.server.console;

import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.InvalidChangeException;
import dev.attest.core.admin.OrganizationAdministration;
import dev.attest.core.admin.OrganizationAdministration.SettingsChange;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Permission;
import dev.attest.core.org.Organization;
import dev.attest.core.portal.Portal;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.ConsoleViews.Message;
import dev.attest.server.console.ConsoleViews.SettingsPage;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The organization's settings page (owners): rename it, require MFA, delete it after typing its name (a danger zone
 * shown to those who may), through {@link OrganizationAdministration}, the
 * same code path as the API. A change ends on the page again with a line saying what was done; a form error names its
 * field and keeps what was typed.
 */
final class SettingsPages {
    private final OrganizationAdministration organizations;
    private final Portal portal;
    private final Templates templates;

    SettingsPages(OrganizationAdministration organizations, Portal portal, Templates templates) {
        this.organizations = organizations;
        this.portal = portal;
        this.templates = templates;
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Organization current = organizations.find(principal);
        String notice = switch (request.query().first("done").orElse("")) {
            case "name" -> "The organization is now called " + current.name() + ".";
            case "mfa" -> current.requireMfa() ? "Members must now use MFA." : "MFA is no longer required.";
            case "viewer_origins" -> "The embedded viewer's origins were saved.";
            default -> null;
        };
        send(response, 200, viewer, current, current.name(), notice, null);
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
                    org.name(),
                    null,
                    "The form was not sent from this console; reload the page.");
            return;
        }
        String field = form.getOrDefault("setting", "");
        SettingsChange change;
        if (field.equals("name")) {
            String name = form.getOrDefault("name", "");
            Optional<String> problem = OrganizationAdministration.nameProblem(name);
            if (problem.isPresent()) {
                send(response, 400, viewer, org, name, null, "Name: " + problem.get() + ".");
                return;
            }
            change = new SettingsChange(name, null);
        } else if (field.equals("mfa")) {
            change = new SettingsChange(null, "true".equals(form.get("require_mfa")));
        } else if (field.equals("viewer_origins")) {
            List<String> origins = Arrays.stream(
                            form.getOrDefault("viewer_origins", "").split("\\R"))
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
            try {
                portal.replaceOrigins(principal, origins);
            } catch (ForbiddenException | InvalidChangeException refused) {
                send(response, 400, viewer, org, org.name(), null, "Not done: " + refused.getMessage() + ".");
                return;
            }
            ConsoleRoutes.redirect(request, response, "/orgs/" + org.id().value() + "/settings?done=" + field);
            return;
        } else if (field.equals("delete")) {
            delete(request, response, viewer, org, principal, form.getOrDefault("confirm", ""));
            return;
        } else {
            send(response, 400, viewer, org, org.name(), null, "Choose a setting to change.");
            return;
        }
        try {
            organizations.change(principal, change);
        } catch (ForbiddenException refused) {
            send(response, 403, viewer, org, org.name(), null, "Not done: " + refused.getMessage() + ".");
            return;
        }
        ConsoleRoutes.redirect(request, response, "/orgs/" + org.id().value() + "/settings?done=" + field);
    }

    /**
     * Deletes the organization once the person typed its name. Its members' sessions end with it, the deleting
     * owner's too, so the answer is a page of its own; a super-user goes back to the organizations.
     */
    private void delete(
            ServerRequest request,
            ServerResponse response,
            SignedIn viewer,
            Organization org,
            Principal principal,
            String confirmation) {
        if (principal.may(Permission.ORG_DELETE) && !confirmation.equals(org.name())) {
            send(
                    response,
                    400,
                    viewer,
                    org,
                    org.name(),
                    null,
                    "Confirm: type the organization's name exactly as shown (" + org.name()
                            + ") to delete it. Nothing was deleted.");
            return;
        }
        boolean done = Refusal.attempt(
                () -> organizations.delete(principal, confirmation),
                refusal -> send(
                        response, refusal.status(), viewer, org, org.name(), null, "Not done: " + refusal.why() + "."));
        if (!done) {
            return;
        }
        if (viewer.member().superUser()) {
            ConsoleRoutes.redirect(request, response, "/orgs");
            return;
        }
        templates.send(
                response,
                200,
                "message.jte",
                "page",
                new Message(
                        null,
                        "Organization deleted",
                        org.name() + " was deleted, and every session, API key and app token of it ended, yours too."
                                + " Its audit log is kept for super-users to read, export and verify.",
                        200));
    }

    private void send(
            ServerResponse response,
            int status,
            SignedIn viewer,
            Organization org,
            String typedName,
            @Nullable String notice,
            @Nullable String error) {
        templates.send(
                response,
                status,
                "settings.jte",
                "page",
                new SettingsPage(
                        ConsoleRoutes.viewer(viewer, org, "settings"),
                        org.id().value(),
                        org.name(),
                        typedName,
                        org.requireMfa(),
                        Principal.of(viewer.member(), org.id(), dev.attest.core.event.RequestContext.NONE)
                                .may(Permission.ORG_DELETE),
                        org.deleted(),
                        String.join("\n", portal.origins(org.id())),
                        notice,
                        error));
    }
}
