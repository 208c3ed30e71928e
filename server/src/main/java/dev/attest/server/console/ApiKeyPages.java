package dev.attest.server.console;

import dev.attest.core.admin.ApiKeyAdministration;
import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.NotFoundException;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Permission;
import dev.attest.core.org.Organization;
import dev.attest.core.org.Scope;
import dev.attest.core.store.StoredApiKey;
import dev.attest.server.console.ApiKeyViews.ApiKeysPage;
import dev.attest.server.console.ApiKeyViews.Issued;
import dev.attest.server.console.ApiKeyViews.KeyRow;
import dev.attest.server.console.ApiKeyViews.ScopeOption;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The organization's API keys page (owners and admins): create a key with scopes, regenerate or revoke one, see when
 * and from where each was last used — through {@link ApiKeyAdministration}, the same code path as the API. A new or
 * regenerated key is shown in the answer to the form that made it, once, and never again.
 */
final class ApiKeyPages {
    private static final Map<Scope, String> DESCRIPTIONS = Map.of(
            Scope.EVENTS_WRITE, "send events",
            Scope.EVENTS_READ, "read, export and verify the log",
            Scope.ADMIN, "manage members, keys and settings (never owners, never deletion)");

    /** The name of a scope's checkbox is this and the scope, e.g. {@code scope-events:write}. */
    static final String CHECKBOX = "scope-";

    static final String NOT_FROM_HERE = "The form was not sent from this console; reload the page.";

    private final ApiKeyAdministration keys;
    private final Templates templates;

    ApiKeyPages(ApiKeyAdministration keys, Templates templates) {
        this.keys = keys;
        this.templates = templates;
    }

    /** The page being answered. */
    private final class Answer extends SecretFormAnswer<ApiKeyAdministration.Issued, Issued> {
        Answer(ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
            super(response, viewer, org, principal);
        }

        @Override
        Issued shown(ApiKeyAdministration.Issued issued) {
            return new Issued(issued.key().name(), issued.secret().secret());
        }

        @Override
        void send(int status, @Nullable Issued issued, @Nullable String notice, @Nullable String error) {
            List<KeyRow> rows = new ArrayList<>();
            // A refused person still gets the page's frame; the list is only for those who may see it.
            if (principal.may(Permission.API_ACCESS_MANAGE)) {
                for (StoredApiKey key : keys.list(principal)) {
                    rows.add(row(key));
                }
            }
            List<ScopeOption> scopes = scopeOptions(checked);
            templates.send(
                    response,
                    status,
                    "api-keys.jte",
                    "page",
                    new ApiKeysPage(
                            ConsoleRoutes.viewer(viewer, org, "api-keys"),
                            org.id().value(),
                            org.name(),
                            rows,
                            scopes,
                            typedName,
                            issued,
                            notice,
                            error));
        }
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        String notice = request.query().first("done").orElse("").equals("revoked") ? "The key was revoked." : null;
        new Answer(response, viewer, org, principal).send(200, null, notice, null);
    }

    void create(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        var answer = new Answer(response, viewer, org, principal);
        answer.typedName = form.getOrDefault("name", "");
        Set<Scope> scopes = checkedScopes(form);
        answer.checked = scopes;
        if (!csrf(viewer, form)) {
            answer.error(403, NOT_FROM_HERE);
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
            ApiKeyAdministration.Issued issued = keys.create(principal, answer.typedName, scopes);
            answer.issued(issued, "Key " + issued.key().name() + " was created. Copy it now: it is not shown again.");
        } catch (ForbiddenException refused) {
            answer.error(403, "Not done: " + refused.getMessage() + ".");
        }
    }

    void change(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        var answer = new Answer(response, viewer, org, principal);
        if (!csrf(viewer, form)) {
            answer.error(403, NOT_FROM_HERE);
            return;
        }
        String id = request.path().pathParameters().get("id");
        try {
            switch (form.getOrDefault("action", "")) {
                case "regenerate" -> {
                    ApiKeyAdministration.Issued issued = keys.regenerate(principal, id);
                    answer.issued(
                            issued,
                            "Key " + issued.key().name() + " was regenerated: the old key no longer works. Copy the"
                                    + " new one now: it is not shown again.");
                }
                case "revoke" -> {
                    keys.revoke(principal, id);
                    ConsoleRoutes.redirect(
                            request, response, "/orgs/" + org.id().value() + "/api-keys?done=revoked");
                }
                default -> answer.error(400, "Choose regenerate or revoke.");
            }
        } catch (ForbiddenException refused) {
            answer.error(403, "Not done: " + refused.getMessage() + ".");
        } catch (NotFoundException gone) {
            answer.error(404, "Not done: that key does not exist any more.");
        }
    }

    /** One checkbox per scope, with what it allows; the create forms of keys and of apps. */
    static List<ScopeOption> scopeOptions(Set<Scope> checked) {
        return EnumSet.allOf(Scope.class).stream()
                .map(scope -> new ScopeOption(
                        scope.wire(), DESCRIPTIONS.getOrDefault(scope, scope.wire()), checked.contains(scope)))
                .toList();
    }

    /** The scopes whose checkbox a create form sent. */
    static Set<Scope> checkedScopes(Map<String, String> form) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        // One checkbox per scope, named after it (a form field does not repeat here).
        for (Scope scope : Scope.values()) {
            if (form.containsKey(CHECKBOX + scope.wire())) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    static boolean csrf(SignedIn viewer, Map<String, String> form) {
        return ConsoleSessions.csrfValid(viewer, form.getOrDefault("csrf", ""));
    }

    private static KeyRow row(StoredApiKey key) {
        Instant used = key.lastUsedAt();
        String lastUsed = used == null
                ? "never"
                : used.toString() + (key.lastUsedIp() == null ? "" : " from " + key.lastUsedIp());
        return new KeyRow(
                key.id(),
                key.name(),
                key.prefix(),
                EnumSet.copyOf(key.scopes()).stream().map(Scope::wire).collect(Collectors.joining(", ")),
                key.createdAt().toString(),
                lastUsed);
    }
}
