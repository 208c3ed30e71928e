package dev.attest.core.store;

import dev.attest.core.event.Event;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a query's results.
 *
 * @param next where the next page starts; {@code null} when this page is the last
 */
public record EventPage(List<Event> events, @Nullable Cursor next) {
    public EventPage {
        events = List.copyOf(events);
    }

    public Optional<Cursor> nextCursor() {
        return Optional.ofNullable(next);
    }
}
