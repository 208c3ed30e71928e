package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.TotpEnrollment;
import dev.attest.core.store.MfaStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link MfaStore} on {@code member_totp} and {@code member_recovery_codes}. Spending a step or a code is one
 * conditional {@code UPDATE}: the database, not the process, decides which of two concurrent uses wins.
 */
final class JdbcMfaStore implements MfaStore {
    private static final RowMapper<TotpEnrollment> ROWS = (rs, ctx) -> new TotpEnrollment(
            rs.getString("member_id"),
            rs.getString("sealed_key"),
            Rows.instant(rs, "created_at", ctx),
            Rows.nullableInstant(rs, "confirmed_at", ctx),
            rs.getLong("last_used_step"));

    private final Handles handles;

    JdbcMfaStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public boolean begin(TotpEnrollment pending) {
        return handles.write(handle -> handle.createUpdate(
                                "INSERT INTO member_totp (member_id, sealed_key, created_at, confirmed_at,"
                                        + " last_used_step) VALUES (?, ?, ?, NULL, -1)"
                                        + " ON CONFLICT (member_id) DO UPDATE SET sealed_key = excluded.sealed_key,"
                                        + " created_at = excluded.created_at WHERE member_totp.confirmed_at IS NULL")
                        .bind(0, pending.memberId())
                        .bind(1, pending.sealedKey())
                        .bind(2, pending.createdAt())
                        .execute())
                > 0;
    }

    @Override
    public Optional<TotpEnrollment> find(String memberId) {
        return handles.read(handle -> handle.createQuery("SELECT member_id, sealed_key, created_at, confirmed_at,"
                        + " last_used_step FROM member_totp WHERE member_id = ?")
                .bind(0, memberId)
                .map(ROWS)
                .findOne());
    }

    @Override
    public boolean confirm(String memberId, Instant at, long step, List<String> recoveryCodeHashes) {
        return handles.write(handle -> {
            int confirmed = handle.createUpdate("UPDATE member_totp SET confirmed_at = ?, last_used_step = ?"
                            + " WHERE member_id = ? AND confirmed_at IS NULL")
                    .bind(0, at)
                    .bind(1, step)
                    .bind(2, memberId)
                    .execute();
            if (confirmed == 0) {
                return false;
            }
            handle.createUpdate("DELETE FROM member_recovery_codes WHERE member_id = ?")
                    .bind(0, memberId)
                    .execute();
            var batch = handle.prepareBatch(
                    "INSERT INTO member_recovery_codes (member_id, code_hash, used_at) VALUES (?, ?, NULL)");
            for (String hash : recoveryCodeHashes) {
                batch.bind(0, memberId).bind(1, hash).add();
            }
            batch.execute();
            return true;
        });
    }

    @Override
    public boolean spendStep(String memberId, long step) {
        return handles.write(handle -> handle.createUpdate("UPDATE member_totp SET last_used_step = ?"
                                + " WHERE member_id = ? AND confirmed_at IS NOT NULL AND last_used_step < ?")
                        .bind(0, step)
                        .bind(1, memberId)
                        .bind(2, step)
                        .execute())
                > 0;
    }

    @Override
    public boolean spendRecoveryCode(String memberId, String codeHash, Instant at) {
        return handles.write(handle -> handle.createUpdate("UPDATE member_recovery_codes SET used_at = ?"
                                + " WHERE member_id = ? AND code_hash = ? AND used_at IS NULL")
                        .bind(0, at)
                        .bind(1, memberId)
                        .bind(2, codeHash)
                        .execute())
                > 0;
    }

    @Override
    public int remainingRecoveryCodes(String memberId) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT count(*) FROM member_recovery_codes WHERE member_id = ? AND used_at IS NULL")
                .bind(0, memberId)
                .mapTo(Integer.class)
                .one());
    }

    @Override
    public boolean remove(String memberId) {
        return handles.write(handle -> {
            handle.createUpdate("DELETE FROM member_recovery_codes WHERE member_id = ?")
                    .bind(0, memberId)
                    .execute();
            boolean confirmed = handle.createQuery(
                                    "SELECT count(*) FROM member_totp WHERE member_id = ? AND confirmed_at IS NOT NULL")
                            .bind(0, memberId)
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            handle.createUpdate("DELETE FROM member_totp WHERE member_id = ?")
                    .bind(0, memberId)
                    .execute();
            return confirmed;
        });
    }

    @Override
    public Set<String> enrolled(OrganizationId organization) {
        return handles.read(handle -> handle.createQuery("SELECT t.member_id FROM member_totp t"
                        + " JOIN members m ON m.id = t.member_id"
                        + " WHERE m.organization_id = ? AND t.confirmed_at IS NOT NULL")
                .bind(0, organization.value())
                .mapTo(String.class)
                .collect(Collectors.toUnmodifiableSet()));
    }
}
