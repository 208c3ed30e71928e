package dev.attest.server.console;

import dev.attest.core.admin.ConflictException;
import dev.attest.core.admin.DirectorySync;
import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.InvalidChangeException;
import dev.attest.core.admin.NotFoundException;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.SingleSignOn;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.org.Organization;
import dev.attest.core.store.DirectoryToken;
import dev.attest.core.store.SsoSettings;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.DirectoryViews.DirectoryPage;
import dev.attest.server.console.DirectoryViews.Issued;
import dev.attest.server.console.DirectoryViews.RoleOption;
import dev.attest.server.console.DirectoryViews.Sso;
import dev.attest.server.console.DirectoryViews.TokenRow;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The organization's directory page (owners and admins): the role people the directory provisions join with, and the
 * directory's SCIM tokens — made (shown once, in the answer to the form) and revoked — through {@link DirectorySync},
 * and single sign-on through {@link SingleSignOn}: the same code paths as the API.
 */
final class DirectoryPages {
    private static final List<Role> JOINING_ROLES = List.of(Role.MEMBER, Role.AUDITOR, Role.ADMIN);
    private static final String NOT_FROM_HERE = "The form was not sent from this console; reload the page.";

    private final DirectorySync directory;
    private final SingleSignOn sso;
    private final Templates templates;

    DirectoryPages(DirectorySync directory, SingleSignOn sso, Templates templates) {
        this.directory = directory;
        this.sso = sso;
        this.templates = templates;
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org, Principal principal) {
        String notice = switch (request.query().first("done").orElse("")) {
            case "role" ->
                "People who join through the directory are now "
                        + directory.provisioningRole(principal).wire() + "s.";
            case "revoked" -> "The token was revoked: the directory holding it can no longer sync.";
            case "sso" -> "Single sign-on was saved.";
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
                case "sso" -> {
                    changeSso(principal, form);
                    ConsoleRoutes.redirect(request, response, base + "?done=sso");
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
        } catch (InvalidChangeException invalid) {
            refuse.accept(400, "Single sign-on not saved: " + invalid.getMessage() + ".");
        } catch (ConflictException conflict) {
            refuse.accept(409, "Single sign-on not saved: " + conflict.getMessage() + ".");
        }
    }

    /** The SSO form: an empty issuer turns SSO off; an empty secret keeps the one set. */
    private void changeSso(Principal principal, Map<String, String> form) {
        String issuer = form.getOrDefault("issuer", "").strip();
        String clientId = form.getOrDefault("client_id", "").strip();
        String secret = form.getOrDefault("client_secret", "");
        List<String> domains = Arrays.stream(
                        form.getOrDefault("email_domains", "").split("[\\s,;]+"))
                .filter(d -> !d.isBlank())
                .toList();
        sso.change(
                principal,
                new SingleSignOn.Change(
                        issuer.isEmpty() ? null : issuer,
                        clientId.isEmpty() ? null : clientId,
                        secret.isEmpty() ? null : secret,
                        domains,
                        "yes".equals(form.get("just_in_time")),
                        "yes".equals(form.get("require_sso")),
                        issuer.isEmpty()));
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
        SsoSettings settings = manages ? sso.settings(principal) : SsoSettings.NONE;
        var ssoForm = new Sso(
                settings.issuer() == null ? "" : settings.issuer(),
                settings.clientId() == null ? "" : settings.clientId(),
                settings.sealedClientSecret() != null,
                String.join(" ", settings.emailDomains()),
                settings.justInTime(),
                settings.required(),
                settings.configured(),
                SsoSignIns.CALLBACK);
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
                        ssoForm,
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
