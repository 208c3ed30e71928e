package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Passkey;
import dev.attest.core.store.PasskeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link PasskeyStore} on {@code member_passkeys} and {@code passkey_challenges}. Spending a challenge is one
 * conditional {@code DELETE} and moving a counter one conditional {@code UPDATE}: the database, not the process,
 * decides which of two concurrent uses wins.
 */
final class JdbcPasskeyStore implements PasskeyStore {
    private static final String COLUMNS =
            "credential_id, member_id, name, credential_data, sign_count, created_at, last_used_at";
    private static final RowMapper<Passkey> ROWS = (rs, ctx) -> new Passkey(
            rs.getString("credential_id"),
            rs.getString("member_id"),
            rs.getString("name"),
            rs.getString("credential_data"),
            rs.getLong("sign_count"),
            Rows.instant(rs, "created_at", ctx),
            Rows.nullableInstant(rs, "last_used_at", ctx));

    private final Handles handles;

    JdbcPasskeyStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public boolean add(Passkey passkey) {
        return handles.write(handle -> handle.createUpdate("INSERT INTO member_passkeys (" + COLUMNS
                                + ") VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (credential_id) DO NOTHING")
                        .bind(0, passkey.credentialId())
                        .bind(1, passkey.memberId())
                        .bind(2, passkey.name())
                        .bind(3, passkey.credentialData())
                        .bind(4, passkey.signCount())
                        .bind(5, passkey.createdAt())
                        .execute())
                > 0;
    }

    @Override
    public List<Passkey> list(String memberId) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM member_passkeys WHERE member_id = ? ORDER BY created_at, credential_id")
                .bind(0, memberId)
                .map(ROWS)
                .list());
    }

    @Override
    public Optional<Passkey> find(String credentialId) {
        return handles.read(
                handle -> handle.createQuery("SELECT " + COLUMNS + " FROM member_passkeys WHERE credential_id = ?")
                        .bind(0, credentialId)
                        .map(ROWS)
                        .findOne());
    }

    @Override
    public boolean use(String credentialId, long expected, long next, Instant at) {
        return handles.write(handle -> handle.createUpdate("UPDATE member_passkeys SET sign_count = ?, last_used_at = ?"
                                + " WHERE credential_id = ? AND sign_count = ?")
                        .bind(0, next)
                        .bind(1, at)
                        .bind(2, credentialId)
                        .bind(3, expected)
                        .execute())
                > 0;
    }

    @Override
    public boolean remove(String memberId, String credentialId) {
        return handles.write(handle -> handle.createUpdate(
                                "DELETE FROM member_passkeys WHERE member_id = ? AND credential_id = ?")
                        .bind(0, memberId)
                        .bind(1, credentialId)
                        .execute())
                > 0;
    }

    @Override
    public int removeAll(String memberId) {
        return handles.write(handle -> handle.createUpdate("DELETE FROM member_passkeys WHERE member_id = ?")
                .bind(0, memberId)
                .execute());
    }

    @Override
    public Set<String> enrolled(OrganizationId organization) {
        return handles.read(handle -> handle.createQuery("SELECT DISTINCT p.member_id FROM member_passkeys p"
                        + " JOIN members m ON m.id = p.member_id WHERE m.organization_id = ?")
                .bind(0, organization.value())
                .mapTo(String.class)
                .collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public void issueChallenge(String challengeHash, String purpose, String boundTo, Instant expiresAt, Instant now) {
        handles.write(handle -> {
            handle.createUpdate("DELETE FROM passkey_challenges WHERE expires_at < ?")
                    .bind(0, now)
                    .execute();
            return handle.createUpdate("INSERT INTO passkey_challenges (challenge_hash, purpose, bound_to, expires_at)"
                            + " VALUES (?, ?, ?, ?)")
                    .bind(0, challengeHash)
                    .bind(1, purpose)
                    .bind(2, boundTo)
                    .bind(3, expiresAt)
                    .execute();
        });
    }

    @Override
    public boolean spendChallenge(String challengeHash, String purpose, String boundTo, Instant now) {
        return handles.write(handle -> handle.createUpdate("DELETE FROM passkey_challenges"
                                + " WHERE challenge_hash = ? AND purpose = ? AND bound_to = ? AND expires_at > ?")
                        .bind(0, challengeHash)
                        .bind(1, purpose)
                        .bind(2, boundTo)
                        .bind(3, now)
                        .execute())
                > 0;
    }
}
