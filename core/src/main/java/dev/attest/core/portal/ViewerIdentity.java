package dev.attest.core.portal;

import org.jspecify.annotations.Nullable;

/**
 * Who a vendor says its customer is: the actor ({@code viewer}) of every event recorded for them. Attest cannot check
 * it; the vendor vouches for it when it asks for a link or token.
 *
 * @param id the vendor's id of the person (required: a viewer actor carries an id)
 * @param email their email, if the vendor gave one
 * @param name their name, if the vendor gave one
 */
public record ViewerIdentity(
        String id, @Nullable String email, @Nullable String name) {
    /** The longest id, email or name accepted. */
    public static final int MAX_LENGTH = 256;
}
