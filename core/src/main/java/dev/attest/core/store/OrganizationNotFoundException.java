package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;

/** No organization has that id (or it is not visible to the caller). */
public final class OrganizationNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OrganizationNotFoundException(OrganizationId id) {
        super("organization " + id + " not found");
    }
}
