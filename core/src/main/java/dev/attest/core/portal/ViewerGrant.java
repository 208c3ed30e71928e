package dev.attest.core.portal;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One credential of a viewer, stored as the SHA-256 of its secret: a portal link (single use, 5 minutes), the portal
 * session it starts (a cookie, 8 hours at most), or a viewer token (a bearer token for the embedded viewer). Each
 * carries the viewer the vendor vouched for and the restrictions of what they see, in one organization only.
 * Immutable.
 *
 * @param id names the grant in the log and the API (never its secret)
 * @param csrf the token a session's forms carry; {@code null} for links and viewer tokens
 * @param usedAt when a link was opened; {@code null} until then and for other kinds
 * @param source the id of the link a session was started from; {@code null} for other kinds
 */
public record ViewerGrant(
        String id,
        OrganizationId organization,
        Kind kind,
        ViewerIdentity viewer,
        ViewerRestrictions restrictions,
        @Nullable String csrf,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant usedAt,
        @Nullable String source) {

    /** What a grant is. */
    public enum Kind {
        LINK,
        SESSION,
        TOKEN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWire(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /** Whether the grant still works at {@code now}: before its expiry, and for a link, not opened yet. */
    public boolean liveAt(Instant now) {
        return now.isBefore(expiresAt) && (kind != Kind.LINK || usedAt == null);
    }
}
