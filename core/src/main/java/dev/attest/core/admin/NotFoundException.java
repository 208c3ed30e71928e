package dev.attest.core.admin;

/**
 * No such resource in the caller's organization: HTTP 404. A resource of another organization is answered the same
 * way, so that nobody learns what exists elsewhere.
 */
public final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String type, String id) {
        super(type + " " + id + " not found");
    }
}
