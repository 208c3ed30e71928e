package dev.attest.core.store;

import dev.attest.core.event.EventId;

/**
 * Where one event of an {@link AppendRequest} stands in its organization's log.
 *
 * @param created {@code false} when an event with that id was already stored: {@code seq} is then the original one
 */
public record Appended(EventId id, long seq, boolean created) {}
