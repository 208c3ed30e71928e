package dev.attest.core.store;

import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.LeafTemplate;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The events of one producer request, appended all-or-nothing to one organization's log.
 *
 * @param receivedAt when the server accepted the request; becomes every new event's {@code received_at}
 * @param events validated, with ids unique within the request, in the order they get their {@code seq}
 * @param templates {@code null}, or one {@link LeafTemplate} per event, made for this organization: their canonical
 *     bytes computed before the append (on the request's thread), so that the store's transaction only splices in
 *     {@code seq} and {@code received_at}; without them the store computes them itself
 */
public record AppendRequest(
        OrganizationId organization,
        Instant receivedAt,
        List<NewEvent> events,
        @Nullable List<LeafTemplate> templates) {
    public AppendRequest {
        events = List.copyOf(events);
        if (templates != null) {
            templates = List.copyOf(templates);
            if (templates.size() != events.size()) {
                throw new IllegalArgumentException(
                        "one template per event: " + templates.size() + " for " + events.size() + " events");
            }
        }
        // Stored timestamps have microsecond precision; a finer one would be hashed differently than it is read back.
        if (receivedAt.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException("receivedAt must have at most microsecond precision: " + receivedAt);
        }
    }

    /** A request whose canonical bytes the store computes. */
    public AppendRequest(OrganizationId organization, Instant receivedAt, List<NewEvent> events) {
        this(organization, receivedAt, events, null);
    }
}
