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
            @Nullable String notice,
            @Nullable String error) {}

    /** A choice of the default role. */
    public record RoleOption(String value, boolean selected) {}

    /** One live directory token. */
    public record TokenRow(String id, String provider, String prefix, boolean mayDisableOwners, String createdAt) {}

    /** A token shown once: for which directory, and the token. */
    public record Issued(String provider, String token) {}
}
