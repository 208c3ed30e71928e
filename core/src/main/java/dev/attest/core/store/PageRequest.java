package dev.attest.core.store;

import org.jspecify.annotations.Nullable;

/**
 * Which page of a filter's events to read.
 *
 * @param limit page size, 1 to {@link #MAX_LIMIT}
 * @param cursor where to continue, from the previous page of the same filter; {@code null} for the first page
 */
public record PageRequest(int limit, @Nullable Cursor cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1_000;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** The first page, of the default size. */
    public static PageRequest first() {
        return new PageRequest(DEFAULT_LIMIT, null);
    }

    /** The first page, of {@code limit} events. */
    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    /** The page after {@code cursor}, of the same size as this one. */
    public PageRequest after(@Nullable Cursor next) {
        return new PageRequest(limit, next);
    }
}
