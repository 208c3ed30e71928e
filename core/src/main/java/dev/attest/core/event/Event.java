package dev.attest.core.event;

import dev.attest.core.catalog.Catalog;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One immutable record of an organization's log, as stored: what the producer sent plus what the server assigned
 * (organization, {@code seq}, {@code received_at}, leaf hash). Once stored, an event is never updated.
 *
 * @param seq the event's position in its organization's log: 1 for the first event, gap-free and strictly increasing
 * @param receivedAt when the server accepted the event, at microsecond precision
 * @param leafHash lowercase hex SHA-256 leaf hash of the event in its organization's Merkle log, or {@code null} where
 *     the store does not compute one
 */
public record Event(
        OrganizationId organizationId,
        long seq,
        EventId id,
        String action,
        Instant occurredAt,
        Instant receivedAt,
        Actor actor,
        @Nullable Target target,
        Outcome outcome,
        String workspace,
        RequestContext context,
        Map<String, @Nullable Object> payload,
        @Nullable String leafHash) {

    /** The stored form of {@code event}. */
    public static Event of(
            OrganizationId organizationId, long seq, Instant receivedAt, NewEvent event, @Nullable String leafHash) {
        return new Event(
                organizationId,
                seq,
                event.id(),
                event.action(),
                event.occurredAt(),
                receivedAt,
                event.actor(),
                event.target(),
                event.outcome(),
                event.workspace(),
                event.context(),
                event.payload(),
                leafHash);
    }

    /** The action's first segment, e.g. {@code user} for {@code user.roleChange}. */
    public String category() {
        return Catalog.categoryOf(action);
    }

    /** Whether the catalog marks this event's action as security-critical. */
    public boolean critical() {
        return Catalog.standard().isCritical(action);
    }
}
