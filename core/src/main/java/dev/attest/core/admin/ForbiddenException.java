package dev.attest.core.admin;

import dev.attest.core.member.Permission;

/**
 * The caller is known and may see the resource, but may not do this to it: HTTP 403. The message says which rule
 * refused it, for the person who asked.
 *
 * @see Principal#require(Permission)
 */
public final class ForbiddenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code a stable machine-readable reason, e.g. {@code last-owner}
     */
    public ForbiddenException(String code, String message) {
        super(message);
        this.code = code;
    }

    public static ForbiddenException missing(Principal principal, Permission permission) {
        return new ForbiddenException(
                "forbidden",
                "a caller with the role " + principal.describe() + " may not do this: it needs the permission "
                        + permission.name());
    }

    /** The stable reason, e.g. {@code forbidden}, {@code last-owner}, {@code owner-only}. */
    public String code() {
        return code;
    }
}
