package dev.attest.server.console;

import dev.attest.server.console.ConsoleViews.Viewer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the directory page shows; records the template reads. */
public final class DirectoryViews {
    private DirectoryViews() {}

    /**
     * The directory page.
     *
     * @param scimBasePath where the directory sends SCIM requests, after this server's address
     * @param issued the token just made, shown this once
     */
    public record DirectoryPage(
            Viewer viewer,
            String organizationId,
            String organizationName,
            String scimBasePath,
            List<RoleOption> roles,
            List<TokenRow> tokens,
            String typedProvider,
            @Nullable Issued issued,
            Sso sso,
            @Nullable String notice,
            @Nullable String error) {}

    /**
     * The organization's single sign-on, as its form shows it: never the client secret, only whether one is set.
     *
     * @param domains the email domains, separated by spaces
     * @param callbackPath where the provider sends people back, after this server's address
     */
    public record Sso(
            String issuer,
            String clientId,
            boolean secretSet,
            String domains,
            boolean justInTime,
            boolean required,
            boolean enabled,
            String callbackPath) {}

    /** A choice of the default role. */
    public record RoleOption(String value, boolean selected) {}

    /** One live directory token. */
    public record TokenRow(String id, String provider, String prefix, boolean mayDisableOwners, String createdAt) {}

    /** A token shown once: for which directory, and the token. */
    public record Issued(String provider, String token) {}

    /**
     * The step from the SSO form to the provider: a page that goes on at once. A redirect would not do, as the
     * console's {@code form-action 'self'} stops a form's navigation from leaving the console, redirects included.
     */
    public record SsoRedirect(String url) {}
}
