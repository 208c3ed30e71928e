package dev.attest.storage.postgres;

import dev.attest.core.member.Session;
import dev.attest.core.store.SessionStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link SessionStore} on PostgreSQL. */
final class PostgresSessionStore implements SessionStore {
    private static final RowMapper<Session> ROWS = (rs, ctx) -> new Session(
            rs.getString("token_hash"),
            rs.getString("member_id"),
            rs.getString("csrf_token"),
            Timestamps.read(rs, "created_at"),
            Timestamps.read(rs, "last_seen_at"));

    private final Jdbi jdbi;

    PostgresSessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(Session session) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO sessions (token_hash, member_id, csrf_token,"
                        + " created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)")
                .bind(0, session.tokenHash())
                .bind(1, session.memberId())
                .bind(2, session.csrfToken())
                .bind(3, Timestamps.of(session.createdAt()))
                .bind(4, Timestamps.of(session.lastSeenAt()))
                .execute());
    }

    @Override
    public Optional<Session> find(String tokenHash) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT token_hash, member_id, csrf_token, created_at,"
                        + " last_seen_at FROM sessions WHERE token_hash = ?")
                .bind(0, tokenHash)
                .map(ROWS)
                .findOne());
    }

    @Override
    public void touch(String tokenHash, Instant at) {
        // Several processes may touch one session; the latest activity wins.
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, ?) WHERE token_hash = ?")
                .bind(0, Timestamps.of(at))
                .bind(1, tokenHash)
                .execute());
    }

    @Override
    public void delete(String tokenHash) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM sessions WHERE token_hash = ?")
                .bind(0, tokenHash)
                .execute());
    }

    @Override
    public int deleteAll(String memberId) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM sessions WHERE member_id = ?")
                .bind(0, memberId)
                .execute());
    }
}
