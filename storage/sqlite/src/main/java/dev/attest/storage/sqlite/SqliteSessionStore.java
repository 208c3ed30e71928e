package dev.attest.storage.sqlite;

import dev.attest.core.member.Session;
import dev.attest.core.store.SessionStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link SessionStore} on SQLite. */
final class SqliteSessionStore implements SessionStore {
    private static final RowMapper<Session> ROWS = (rs, ctx) -> new Session(
            rs.getString("token_hash"),
            rs.getString("member_id"),
            rs.getString("csrf_token"),
            Micros.toInstant(rs.getLong("created_at")),
            Micros.toInstant(rs.getLong("last_seen_at")));

    private final Jdbi writer;
    private final Jdbi readers;

    SqliteSessionStore(Jdbi writer, Jdbi readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public void create(Session session) {
        writer.useHandle(handle -> handle.createUpdate("INSERT INTO sessions (token_hash, member_id, csrf_token,"
                        + " created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)")
                .bind(0, session.tokenHash())
                .bind(1, session.memberId())
                .bind(2, session.csrfToken())
                .bind(3, Micros.of(session.createdAt()))
                .bind(4, Micros.of(session.lastSeenAt()))
                .execute());
    }

    @Override
    public Optional<Session> find(String tokenHash) {
        return readers.withHandle(handle -> handle.createQuery("SELECT token_hash, member_id, csrf_token, created_at,"
                        + " last_seen_at FROM sessions WHERE token_hash = ?")
                .bind(0, tokenHash)
                .map(ROWS)
                .findOne());
    }

    @Override
    public void touch(String tokenHash, Instant at) {
        writer.useHandle(handle -> handle.createUpdate("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
                .bind(0, Micros.of(at))
                .bind(1, tokenHash)
                .execute());
    }

    @Override
    public void delete(String tokenHash) {
        writer.useHandle(handle -> handle.createUpdate("DELETE FROM sessions WHERE token_hash = ?")
                .bind(0, tokenHash)
                .execute());
    }

    @Override
    public int deleteAll(String memberId) {
        return writer.withHandle(handle -> handle.createUpdate("DELETE FROM sessions WHERE member_id = ?")
                .bind(0, memberId)
                .execute());
    }
}
