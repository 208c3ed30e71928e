package dev.attest.core.event;

import org.jspecify.annotations.Nullable;

/**
 * The resource an event affected, as it was at the time of the event.
 *
 * @param type e.g. {@code user}, {@code group}, or a custom type
 */
public record Target(
        String type, @Nullable String id, @Nullable String name) {}
