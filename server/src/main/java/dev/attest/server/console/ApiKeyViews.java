package dev.attest.server.console;

import dev.attest.server.console.ConsoleViews.Viewer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the API keys page shows; records the template reads. */
public final class ApiKeyViews {
    private ApiKeyViews() {}

    /**
     * The API keys page.
     *
     * @param issued the key just created or regenerated, shown this once
     */
    public record ApiKeysPage(
            Viewer viewer,
            String organizationId,
            String organizationName,
            List<KeyRow> keys,
            List<ScopeOption> scopes,
            String typedName,
            @Nullable Issued issued,
            @Nullable String notice,
            @Nullable String error) {}

    /** One active key. */
    public record KeyRow(String id, String name, String prefix, String scopes, String createdAt, String lastUsed) {}

    /** A scope checkbox of the create form. */
    public record ScopeOption(String value, String description, boolean checked) {}

    /** A key shown once: which one, and the key. */
    public record Issued(String name, String key) {}
}
