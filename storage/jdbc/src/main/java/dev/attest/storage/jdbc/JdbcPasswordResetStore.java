package dev.attest.storage.jdbc;

import dev.attest.core.member.PasswordReset;
import dev.attest.core.store.PasswordResetStore;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link PasswordResetStore} on {@code password_resets}; using one is a {@code DELETE}, so it happens once. */
final class JdbcPasswordResetStore implements PasswordResetStore {
    private static final String COLUMNS = "token_hash, member_id, created_at, expires_at";
    private static final RowMapper<PasswordReset> ROWS = (rs, ctx) -> new PasswordReset(
            rs.getString("token_hash"),
            rs.getString("member_id"),
            Rows.instant(rs, "created_at", ctx),
            Rows.instant(rs, "expires_at", ctx));

    private final Handles handles;

    JdbcPasswordResetStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public void create(PasswordReset reset) {
        handles.write(handle -> handle.createUpdate("INSERT INTO password_resets (" + COLUMNS + ") VALUES (?, ?, ?, ?)")
                .bind(0, reset.tokenHash())
                .bind(1, reset.memberId())
                .bind(2, reset.createdAt())
                .bind(3, reset.expiresAt())
                .execute());
    }

    @Override
    public Optional<PasswordReset> find(String tokenHash) {
        return handles.read(
                handle -> handle.createQuery("SELECT " + COLUMNS + " FROM password_resets WHERE token_hash = ?")
                        .bind(0, tokenHash)
                        .map(ROWS)
                        .findOne());
    }

    @Override
    public boolean use(String tokenHash) {
        return handles.write(handle -> handle.createUpdate("DELETE FROM password_resets WHERE token_hash = ?")
                        .bind(0, tokenHash)
                        .execute())
                == 1;
    }

    @Override
    public int deleteAll(String memberId) {
        return handles.write(handle -> handle.createUpdate("DELETE FROM password_resets WHERE member_id = ?")
                .bind(0, memberId)
                .execute());
    }
}
