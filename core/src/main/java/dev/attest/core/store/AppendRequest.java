package dev.attest.core.store;

import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import java.time.Instant;
import java.util.List;

/**
 * The events of one producer request, appended all-or-nothing to one organization's log.
 *
 * @param receivedAt when the server accepted the request; becomes every new event's {@code received_at}
 * @param events validated, with ids unique within the request, in the order they get their {@code seq}
 */
public record AppendRequest(OrganizationId organization, Instant receivedAt, List<NewEvent> events) {
    public AppendRequest {
        events = List.copyOf(events);
        // Stored timestamps have microsecond precision; a finer one would be hashed differently than it is read back.
        if (receivedAt.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException("receivedAt must have at most microsecond precision: " + receivedAt);
        }
    }
}
