package dev.attest.server.console;

import dev.attest.core.admin.ApiKeyAdministration;
import dev.attest.core.admin.AppAdministration;
import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.NotFoundException;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Permission;
import dev.attest.core.org.Organization;
import dev.attest.core.org.Scope;
import dev.attest.core.store.StoredApp;
import dev.attest.server.console.AppViews.AppRow;
import dev.attest.server.console.AppViews.AppsPage;
import dev.attest.server.console.AppViews.Issued;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The organization's developer apps page (owners and admins): create an app with scopes, reset its client secret or
 * delete it — through {@link AppAdministration}, the same code path as {@code /v1/organizations/{org}/apps}, so each
 * change is recorded with the member as actor. A new client secret is shown in the answer to the form that made it,
 * once, and never again.
 */
final class AppPages {
    private final AppAdministration apps;
    private final Templates templates;

    AppPages(AppAdministration apps, Templates templates) {
        this.apps = apps;
        this.templates = templates;
    }

    /** The page being answered. */
    private final class Answer extends SecretFormAnswer<AppAdministration.Created, Issued> {
        Answer(ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
            super(response, viewer, org, principal);
        }

        @Override
        Issued shown(AppAdministration.Created created) {
            StoredApp app = created.app();
            return new Issued(app.name(), app.clientId(), created.clientSecret());
        }

        @Override
        void send(int status, @Nullable Issued issued, @Nullable String notice, @Nullable String error) {
            // A refused person still gets the page's frame; the list is only for those who may see it.
            List<AppRow> rows = principal.may(Permission.API_ACCESS_MANAGE)
                    ? apps.list(principal).stream().map(AppPages::row).toList()
                    : List.of();
            templates.send(
                    response,
                    status,
                    "apps.jte",
                    "page",
                    new AppsPage(
                            ConsoleRoutes.viewer(viewer, org, "apps"),
                            org.id().value(),
                            org.name(),
                            rows,
                            ApiKeyPages.scopeOptions(checked),
                            typedName,
                            issued,
                            notice,
                            error));
        }
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        String notice = request.query().first("done").orElse("").equals("deleted") ? "The app was deleted." : null;
        new Answer(response, viewer, org, principal).send(200, null, notice, null);
    }

    void create(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        var answer = new Answer(response, viewer, org, principal);
        answer.typedName = form.getOrDefault("name", "");
        Set<Scope> scopes = ApiKeyPages.checkedScopes(form);
        answer.checked = scopes;
        if (!ApiKeyPages.csrf(viewer, form)) {
            answer.error(403, ApiKeyPages.NOT_FROM_HERE);
            return;
        }
        String error = ApiKeyAdministration.nameProblem(answer.typedName)
                .map(detail -> "Name: " + detail + ".")
                .orElse(scopes.isEmpty() ? "Scopes: choose at least one." : null);
        if (error != null) {
            answer.error(400, error);
            return;
        }
        try {
            AppAdministration.Created created = apps.create(principal, answer.typedName, scopes);
            answer.issued(
                    created,
                    "App " + created.app().name() + " was created. Copy its client secret now: it is not shown again.");
        } catch (ForbiddenException refused) {
            answer.error(403, "Not done: " + refused.getMessage() + ".");
        }
    }

    void change(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        var answer = new Answer(response, viewer, org, principal);
        if (!ApiKeyPages.csrf(viewer, form)) {
            answer.error(403, ApiKeyPages.NOT_FROM_HERE);
            return;
        }
        String id = request.path().pathParameters().get("id");
        try {
            switch (form.getOrDefault("action", "")) {
                case "reset-secret" -> {
                    AppAdministration.Created created = apps.resetSecret(principal, id);
                    answer.issued(
                            created,
                            "The secret of " + created.app().name() + " was reset: the old secret and every token"
                                    + " issued with it no longer work. Copy the new one now: it is not shown again.");
                }
                case "delete" -> {
                    apps.delete(principal, id);
                    ConsoleRoutes.redirect(
                            request, response, "/orgs/" + org.id().value() + "/apps?done=deleted");
                }
                default -> answer.error(400, "Choose reset secret or delete.");
            }
        } catch (ForbiddenException refused) {
            answer.error(403, "Not done: " + refused.getMessage() + ".");
        } catch (NotFoundException gone) {
            answer.error(404, "Not done: that app does not exist any more.");
        }
    }

    private static AppRow row(StoredApp app) {
        return new AppRow(
                app.id(),
                app.name(),
                app.clientId(),
                EnumSet.copyOf(app.scopes()).stream().map(Scope::wire).collect(Collectors.joining(", ")),
                app.createdAt().toString());
    }
}
