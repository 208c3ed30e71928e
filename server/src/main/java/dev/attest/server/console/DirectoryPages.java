package dev.attest.server.console;

import dev.attest.core.admin.DirectorySync;
import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.NotFoundException;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.org.Organization;
import dev.attest.core.store.DirectoryToken;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.DirectoryViews.DirectoryPage;
import dev.attest.server.console.DirectoryViews.Issued;
import dev.attest.server.console.DirectoryViews.RoleOption;
import dev.attest.server.console.DirectoryViews.TokenRow;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The organization's directory page (owners and admins): the role people the directory provisions join with, and the
 * directory's SCIM tokens — made (shown once, in the answer to the form) and revoked — through {@link DirectorySync},
 * the same code path as the API.
 */
final class DirectoryPages {
    private static final List<Role> JOINING_ROLES = List.of(Role.MEMBER, Role.AUDITOR, Role.ADMIN);
    private static final String NOT_FROM_HERE = "The form was not sent from this console; reload the page.";

    private final DirectorySync directory;
    private final Templates templates;

    DirectoryPages(DirectorySync directory, Templates templates) {
        this.directory = directory;
        this.templates = templates;
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        String notice = switch (request.query().first("done").orElse("")) {
            case "role" ->
                "People who join through the directory are now "
                        + directory.provisioningRole(principal).wire() + "s.";
            case "revoked" -> "The token was revoked: the directory holding it can no longer sync.";
            default -> null;
        };
        send(response, 200, viewer, org, principal, "", null, notice, null);
    }

    void change(
            ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        Map<String, String> form = Forms.read(request);
        String provider = form.getOrDefault("provider", "").strip();
        // The page again with an error, keeping what was typed.
        BiConsumer<Integer, String> refuse =
                (status, error) -> send(response, status, viewer, org, principal, provider, null, null, error);
        if (!ConsoleSessions.csrfValid(viewer, form.getOrDefault("csrf", ""))) {
            refuse.accept(403, NOT_FROM_HERE);
            return;
        }
        String base = "/orgs/" + org.id().value() + "/directory";
        try {
            switch (form.getOrDefault("action", "")) {
                case "role" -> {
                    Role role = Role.fromWire(form.getOrDefault("default_role", ""))
                            .filter(JOINING_ROLES::contains)
                            .orElse(null);
                    if (role == null) {
                        refuse.accept(400, "Default role: choose member, auditor or admin.");
                        return;
                    }
                    directory.setProvisioningRole(principal, role);
                    ConsoleRoutes.redirect(request, response, base + "?done=role");
                }
                case "token" -> {
                    if (!DirectorySync.PROVIDER.matcher(provider).matches()) {
                        refuse.accept(
                                400,
                                "Directory: its name in lower case, e.g. okta or entra (letters, digits, '.', '_',"
                                        + " '-'; at most 40).");
                        return;
                    }
                    DirectorySync.CreatedToken created = directory.createToken(principal, provider);
                    send(
                            response,
                            200,
                            viewer,
                            org,
                            principal,
                            "",
                            new Issued(provider, created.secret()),
                            "A token for " + provider + " was made. Copy it now: it is not shown again.",
                            null);
                }
                case "revoke" -> {
                    directory.revokeToken(principal, form.getOrDefault("id", ""));
                    ConsoleRoutes.redirect(request, response, base + "?done=revoked");
                }
                default -> refuse.accept(400, "Choose what to change.");
            }
        } catch (ForbiddenException refused) {
            refuse.accept(403, "Not done: " + refused.getMessage() + ".");
        } catch (NotFoundException gone) {
            refuse.accept(404, "Not done: that token does not exist any more.");
        }
    }

    private void send(
            ServerResponse response,
            int status,
            SignedIn viewer,
            Organization org,
            Principal principal,
            String typedProvider,
            @Nullable Issued issued,
            @Nullable String notice,
            @Nullable String error) {
        // A refused person still gets the page's frame; the settings are only for those who may manage them.
        boolean manages = principal.may(Permission.MEMBERS_MANAGE) && principal.may(Permission.API_ACCESS_MANAGE);
        List<TokenRow> tokens = manages
                ? directory.tokens(principal).stream().map(DirectoryPages::row).toList()
                : List.of();
        Role current = manages ? directory.provisioningRole(principal) : Role.MEMBER;
        List<RoleOption> roles = JOINING_ROLES.stream()
                .map(role -> new RoleOption(role.wire(), role == current))
                .toList();
        templates.send(
                response,
                status,
                "directory.jte",
                "page",
                new DirectoryPage(
                        ConsoleRoutes.viewer(viewer, org, "directory"),
                        org.id().value(),
                        org.name(),
                        "/scim/v2/" + org.id().value(),
                        roles,
                        tokens,
                        typedProvider,
                        issued,
                        notice,
                        error));
    }

    private static TokenRow row(DirectoryToken token) {
        return new TokenRow(
                token.id(),
                token.provider(),
                token.prefix(),
                token.managesOwners(),
                token.createdAt().toString());
    }
}
