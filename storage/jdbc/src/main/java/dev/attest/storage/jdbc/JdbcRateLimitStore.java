package dev.attest.storage.jdbc;

import dev.attest.core.store.RateLimitStore;
import java.time.Duration;
import java.time.Instant;

/**
 * {@link RateLimitStore} on {@code rate_limits}: one upsert per attempt, whose {@code RETURNING} gives the count (the
 * same statement on SQLite 3.35+ and PostgreSQL). In {@code SET} every expression reads the row as it was, so a window
 * that has passed restarts at this attempt.
 */
final class JdbcRateLimitStore implements RateLimitStore {
    private final Handles handles;

    JdbcRateLimitStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public long hit(String key, Instant now, Duration window) {
        Instant passed = now.minus(window);
        return handles.write(handle -> handle.createQuery("INSERT INTO rate_limits (limit_key, window_start, hits)"
                        + " VALUES (?, ?, 1) ON CONFLICT (limit_key) DO UPDATE SET"
                        + " hits = CASE WHEN rate_limits.window_start <= ? THEN 1 ELSE rate_limits.hits + 1 END,"
                        + " window_start = CASE WHEN rate_limits.window_start <= ? THEN excluded.window_start"
                        + " ELSE rate_limits.window_start END"
                        + " RETURNING hits")
                .bind(0, key)
                .bind(1, now)
                .bind(2, passed)
                .bind(3, passed)
                .mapTo(Long.class)
                .one());
    }

    @Override
    public void giveBack(String key) {
        handles.write(
                handle -> handle.createUpdate("UPDATE rate_limits SET hits = hits - 1 WHERE limit_key = ? AND hits > 0")
                        .bind(0, key)
                        .execute());
    }

    @Override
    public void reset(String key) {
        handles.write(handle -> handle.createUpdate("DELETE FROM rate_limits WHERE limit_key = ?")
                .bind(0, key)
                .execute());
    }

    @Override
    public int purge(Instant before) {
        return handles.write(handle -> handle.createUpdate("DELETE FROM rate_limits WHERE window_start <= ?")
                .bind(0, before)
                .execute());
    }
}
