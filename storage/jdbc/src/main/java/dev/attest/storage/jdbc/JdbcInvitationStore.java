package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Invitation;
import dev.attest.core.member.Role;
import dev.attest.core.store.InvitationStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link InvitationStore} on {@code invitations}. Every change of state is an {@code UPDATE … WHERE status =
 * 'pending'}, so the database decides a race between two uses of one link.
 */
final class JdbcInvitationStore implements InvitationStore {
    private static final String COLUMNS = "id, organization_id, email, role, group_ids, invited_by, token_hash, status,"
            + " created_at, expires_at, member_id";
    private static final String PENDING = Invitation.Status.PENDING.wire();
    private static final RowMapper<Invitation> ROWS = (rs, ctx) -> {
        String groups = rs.getString("group_ids");
        return new Invitation(
                rs.getString("id"),
                new OrganizationId(rs.getString("organization_id")),
                rs.getString("email"),
                Role.fromWire(rs.getString("role")).orElseThrow(),
                groups.isEmpty() ? List.of() : Arrays.asList(groups.split(" ", -1)),
                rs.getString("invited_by"),
                rs.getString("token_hash"),
                Invitation.Status.fromWire(rs.getString("status")),
                Rows.instant(rs, "created_at", ctx),
                Rows.instant(rs, "expires_at", ctx),
                rs.getString("member_id"));
    };

    private final Handles handles;

    JdbcInvitationStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public void create(Invitation invitation) {
        handles.write(handle -> handle.createUpdate(
                        "INSERT INTO invitations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, invitation.id())
                .bind(1, invitation.organization().value())
                .bind(2, invitation.email())
                .bind(3, invitation.role().wire())
                // Group ids are identifiers without spaces.
                .bind(4, String.join(" ", invitation.groups()))
                .bind(5, invitation.invitedBy())
                .bind(6, invitation.tokenHash())
                .bind(7, invitation.status().wire())
                .bind(8, invitation.createdAt())
                .bind(9, invitation.expiresAt())
                .bind(10, invitation.memberId())
                .execute());
    }

    @Override
    public Optional<Invitation> find(String id) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM invitations WHERE id = ?")
                .bind(0, id)
                .map(ROWS)
                .findOne());
    }

    @Override
    public Optional<Invitation> findByTokenHash(String tokenHash) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM invitations WHERE token_hash = ?")
                .bind(0, tokenHash)
                .map(ROWS)
                .findOne());
    }

    @Override
    public List<Invitation> list(OrganizationId organization, int limit) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM invitations WHERE organization_id = ? ORDER BY created_at DESC, id DESC LIMIT ?")
                .bind(0, organization.value())
                .bind(1, limit)
                .map(ROWS)
                .list());
    }

    @Override
    public Optional<Invitation> findPending(OrganizationId organization, String email) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM invitations WHERE organization_id = ? AND lower(email) = ? AND status = ?")
                .bind(0, organization.value())
                .bind(1, email.toLowerCase(Locale.ROOT))
                .bind(2, PENDING)
                .map(ROWS)
                .findFirst());
    }

    @Override
    public boolean renew(String id, String tokenHash, Instant expiresAt) {
        return handles.write(handle -> handle.createUpdate(
                                "UPDATE invitations SET token_hash = ?, expires_at = ? WHERE id = ? AND status = ?")
                        .bind(0, tokenHash)
                        .bind(1, expiresAt)
                        .bind(2, id)
                        .bind(3, PENDING)
                        .execute())
                == 1;
    }

    @Override
    public boolean revoke(String id) {
        return handles.write(
                        handle -> handle.createUpdate("UPDATE invitations SET status = ? WHERE id = ? AND status = ?")
                                .bind(0, Invitation.Status.REVOKED.wire())
                                .bind(1, id)
                                .bind(2, PENDING)
                                .execute())
                == 1;
    }

    @Override
    public boolean accept(String id, String memberId) {
        return handles.write(handle -> handle.createUpdate(
                                "UPDATE invitations SET status = ?, member_id = ? WHERE id = ? AND status = ?")
                        .bind(0, Invitation.Status.ACCEPTED.wire())
                        .bind(1, memberId)
                        .bind(2, id)
                        .bind(3, PENDING)
                        .execute())
                == 1;
    }
}
