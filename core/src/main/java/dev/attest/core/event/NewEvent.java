package dev.attest.core.event;

import dev.attest.core.catalog.Catalog;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A validated event as a producer sent it, before the sequencer gives it a place in its organization's log.
 * Immutable; built only by {@link EventParser} (or by Attest itself for the events its console produces).
 *
 * @param occurredAt when the action happened, at microsecond precision
 * @param target {@code null} when the event concerns no particular resource
 * @param payload the action-specific JSON object: plain Java values (maps, lists, strings, booleans, {@code null}, and
 *     numbers as {@code Long} when whole and {@code Double} otherwise), immutable
 */
public record NewEvent(
        EventId id,
        String action,
        Instant occurredAt,
        Actor actor,
        @Nullable Target target,
        Outcome outcome,
        String workspace,
        RequestContext context,
        Map<String, @Nullable Object> payload) {

    /** The action's first segment, e.g. {@code user} for {@code user.roleChange}. */
    public String category() {
        return Catalog.categoryOf(action);
    }
}
