package dev.attest.server.console;

import dev.attest.server.console.ApiKeyViews.ScopeOption;
import dev.attest.server.console.ConsoleViews.Viewer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the developer apps page shows; records the template reads. */
public final class AppViews {
    private AppViews() {}

    /**
     * The developer apps page.
     *
     * @param issued the client secret just made by a create or a reset, shown this once
     */
    public record AppsPage(
            Viewer viewer,
            String organizationId,
            String organizationName,
            List<AppRow> apps,
            List<ScopeOption> scopes,
            String typedName,
            @Nullable Issued issued,
            @Nullable String notice,
            @Nullable String error) {}

    /** One app. */
    public record AppRow(String id, String name, String clientId, String scopes, String createdAt) {}

    /** A client secret shown once: whose, and the client id it goes with. */
    public record Issued(String name, String clientId, String clientSecret) {}
}
