package dev.attest.core.admin;

import dev.attest.core.member.Permission;
import dev.attest.core.org.Scope;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The caller is known and may see the resource, but may not do this to it: HTTP 403. The message says which rule
 * refused it, for the person who asked.
 *
 * @see Principal#require(Permission)
 */
public final class ForbiddenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final @Nullable String scope;

    /**
     * @param code a stable machine-readable reason, e.g. {@code last-owner}
     */
    public ForbiddenException(String code, String message) {
        this(code, message, null);
    }

    private ForbiddenException(String code, String message, @Nullable String scope) {
        super(message);
        this.code = code;
        this.scope = scope;
    }

    public static ForbiddenException missing(Principal principal, Permission permission) {
        if (principal.isMachine()) {
            String scope = Scope.granting(permission).map(Scope::wire).orElse(null);
            return new ForbiddenException(
                    "missing-scope",
                    scope == null
                            ? "no API credential may do this (" + permission.name() + "); sign in to the console"
                            : "this " + principal.describe() + " lacks the scope " + scope + " (needed for "
                                    + permission.name() + ")",
                    scope);
        }
        return new ForbiddenException(
                "forbidden",
                "a caller with the role " + principal.describe() + " may not do this: it needs the permission "
                        + permission.name());
    }

    /** The scope a machine credential lacks, when that is why it was refused. */
    public Optional<String> missingScope() {
        return Optional.ofNullable(scope);
    }

    /** The stable reason, e.g. {@code forbidden}, {@code last-owner}, {@code owner-only}. */
    public String code() {
        return code;
    }
}
