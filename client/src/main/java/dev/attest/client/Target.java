package dev.attest.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The resource an event affected, as it was at the time of the event. Immutable.
 *
 * @param type e.g. {@code user}, {@code group}, or a custom type ({@code [a-z][a-z0-9_.-]*})
 * @param id at least one of {@code id} and {@code name} is required
 */
public record Target(
        String type, @Nullable String id, @Nullable String name) {
    public Target {
        Objects.requireNonNull(type, "type");
        if (id == null && name == null) {
            throw new IllegalArgumentException("a target needs an id or a name");
        }
    }

    public static Target of(String type, String id, @Nullable String name) {
        return new Target(type, id, name);
    }

    /** A target whose type the catalog fixes: the typed factories of {@link CatalogEvents} take these. */
    public static Ref ref(String id, @Nullable String name) {
        return new Ref(id, name);
    }

    /** A target without its type. */
    public record Ref(String id, @Nullable String name) {
        public Ref {
            Objects.requireNonNull(id, "id");
        }

        Target as(String type) {
            return new Target(type, id, name);
        }
    }
}
