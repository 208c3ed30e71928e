package dev.attest.server.console;

import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.OrganizationAdministration;
import dev.attest.core.admin.OrganizationAdministration.SettingsChange;
import dev.attest.core.admin.Principal;
import dev.attest.core.org.Organization;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.ConsoleViews.SettingsPage;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The organization's settings page (owners): rename it, require MFA, through {@link OrganizationAdministration}, the
 * same code path as the API. A change ends on the page again with a line saying what was done; a form error names its
 * field and keeps what was typed.
 */
final class SettingsPages {
    private final OrganizationAdministration organizations;
    private final Templates templates;

    SettingsPages(OrganizationAdministration organizations, Templates templates) {
        this.organizations = organizations;
        this.templates = templates;
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Organization current = organizations.find(principal);
        String notice = switch (request.query().first("done").orElse("")) {
            case "name" -> "The organization is now called " + current.name() + ".";
            case "mfa" -> current.requireMfa() ? "Members must now use MFA." : "MFA is no longer required.";
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
                        notice,
                        error));
    }
}
