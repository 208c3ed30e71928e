package dev.attest.storage.jdbc;

import dev.attest.core.member.Impersonation;
import dev.attest.core.member.Session;
import dev.attest.core.store.SessionStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link SessionStore} on {@code sessions}. */
final class JdbcSessionStore implements SessionStore {
    private static final String COLUMNS = "token_hash, member_id, csrf_token, created_at, last_seen_at, ip, user_agent";
    private static final String READ = COLUMNS + ", acting_as, acting_reason, acting_until";
    private static final RowMapper<Session> ROWS = (rs, ctx) -> {
        String actingAs = rs.getString("acting_as");
        String reason = rs.getString("acting_reason");
        Instant until = Rows.nullableInstant(rs, "acting_until", ctx);
        return new Session(
                rs.getString("token_hash"),
                rs.getString("member_id"),
                rs.getString("csrf_token"),
                Rows.instant(rs, "created_at", ctx),
                Rows.instant(rs, "last_seen_at", ctx),
                rs.getString("ip"),
                rs.getString("user_agent"),
                actingAs == null || reason == null || until == null
                        ? null
                        : new Impersonation(actingAs, reason, until));
    };

    private final Handles handles;

    JdbcSessionStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public void create(Session session) {
        handles.write(
                handle -> handle.createUpdate("INSERT INTO sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
                        .bind(0, session.tokenHash())
                        .bind(1, session.memberId())
                        .bind(2, session.csrfToken())
                        .bind(3, session.createdAt())
                        .bind(4, session.lastSeenAt())
                        .bind(5, session.ip())
                        .bind(6, session.userAgent())
                        .execute());
    }

    @Override
    public Optional<Session> find(String tokenHash) {
        return handles.read(handle -> handle.createQuery("SELECT " + READ + " FROM sessions WHERE token_hash = ?")
                .bind(0, tokenHash)
                .map(ROWS)
                .findOne());
    }

    @Override
    public void touch(String tokenHash, Instant at) {
        // Several processes may touch one session; the latest activity wins.
        handles.write(handle -> handle.createUpdate(
                        "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?")
                .bind(0, at)
                .bind(1, tokenHash)
                .bind(2, at)
                .execute());
    }

    @Override
    public void delete(String tokenHash) {
        handles.write(handle -> handle.createUpdate("DELETE FROM sessions WHERE token_hash = ?")
                .bind(0, tokenHash)
                .execute());
    }

    @Override
    public int deleteAll(String memberId) {
        return handles.write(handle -> handle.createUpdate("DELETE FROM sessions WHERE member_id = ?")
                .bind(0, memberId)
                .execute());
    }

    @Override
    public List<Session> list(String memberId) {
        return handles.read(handle -> handle.createQuery("SELECT " + READ
                        + " FROM sessions WHERE member_id = ? ORDER BY last_seen_at DESC, created_at DESC")
                .bind(0, memberId)
                .map(ROWS)
                .list());
    }

    @Override
    public int deleteAllExcept(String memberId, String keptTokenHash) {
        return handles.write(
                handle -> handle.createUpdate("DELETE FROM sessions WHERE member_id = ? AND token_hash <> ?")
                        .bind(0, memberId)
                        .bind(1, keptTokenHash)
                        .execute());
    }

    @Override
    public boolean impersonate(String tokenHash, Impersonation impersonation) {
        return handles.write(handle -> handle.createUpdate(
                                "UPDATE sessions SET acting_as = ?, acting_reason = ?, acting_until = ? WHERE token_hash = ?")
                        .bind(0, impersonation.memberId())
                        .bind(1, impersonation.reason())
                        .bind(2, impersonation.until())
                        .bind(3, tokenHash)
                        .execute())
                == 1;
    }

    @Override
    public boolean stopImpersonating(String tokenHash) {
        return handles.write(handle -> handle.createUpdate("UPDATE sessions SET acting_as = NULL, acting_reason = NULL,"
                                + " acting_until = NULL WHERE token_hash = ? AND acting_as IS NOT NULL")
                        .bind(0, tokenHash)
                        .execute())
                == 1;
    }
}
