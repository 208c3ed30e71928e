package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.store.MemberStore;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link MemberStore} on {@code members}; the unique index on {@code lower(email)} decides races between processes. */
final class JdbcMemberStore implements MemberStore {
    private static final String COLUMNS =
            "id, organization_id, email, name, role, super_user, password_hash, disabled, created_at";
    private static final RowMapper<Member> ROWS = (rs, ctx) -> {
        String org = rs.getString("organization_id");
        String role = rs.getString("role");
        return new Member(
                rs.getString("id"),
                org == null ? null : new OrganizationId(org),
                rs.getString("email"),
                rs.getString("name"),
                role == null ? null : Role.fromWire(role).orElseThrow(),
                rs.getBoolean("super_user"),
                rs.getString("password_hash"),
                rs.getBoolean("disabled"),
                Rows.instant(rs, "created_at", ctx));
    };

    private final Handles handles;

    JdbcMemberStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public void create(Member member) {
        OrganizationId org = member.organization();
        int inserted = handles.write(handle -> handle.createUpdate("INSERT INTO members (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .bind(0, member.id())
                .bind(1, org == null ? null : org.value())
                .bind(2, member.email())
                .bind(3, member.name())
                .bind(4, member.role() == null ? null : member.role().wire())
                .bind(5, member.superUser())
                .bind(6, member.passwordHash())
                .bind(7, member.disabled())
                .bind(8, member.createdAt())
                .execute());
        if (inserted == 0) {
            throw new IllegalStateException(
                    findByEmail(member.email()).isPresent()
                            ? "a member with the email " + member.email() + " exists already"
                            : "a member with the id " + member.id() + " exists already");
        }
    }

    @Override
    public Optional<Member> findByEmail(String email) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM members WHERE lower(email) = ?")
                .bind(0, email.toLowerCase(Locale.ROOT))
                .map(ROWS)
                .findOne());
    }

    @Override
    public Optional<Member> find(String id) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM members WHERE id = ?")
                .bind(0, id)
                .map(ROWS)
                .findOne());
    }

    @Override
    public List<Member> list(OrganizationId organization) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM members WHERE organization_id = ? ORDER BY created_at, id")
                .bind(0, organization.value())
                .map(ROWS)
                .list());
    }

    @Override
    public boolean hasSuperUser() {
        return handles.read(handle -> handle.createQuery("SELECT 1 FROM members WHERE super_user = ? LIMIT 1")
                .bind(0, true)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    @Override
    public boolean changeRole(String id, Role role) {
        return handles.write(handle -> handle.createUpdate(
                                "UPDATE members SET role = ? WHERE id = ? AND organization_id IS NOT NULL")
                        .bind(0, role.wire())
                        .bind(1, id)
                        .execute())
                == 1;
    }

    @Override
    public boolean disable(String id) {
        return handles.write(handle -> handle.createUpdate("UPDATE members SET disabled = ? WHERE id = ?")
                        .bind(0, true)
                        .bind(1, id)
                        .execute())
                == 1;
    }

    @Override
    public boolean changePassword(String id, String passwordHash) {
        return handles.write(handle -> handle.createUpdate("UPDATE members SET password_hash = ? WHERE id = ?")
                        .bind(0, passwordHash)
                        .bind(1, id)
                        .execute())
                == 1;
    }

    @Override
    public int countActiveOwners(OrganizationId organization) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT count(*) FROM members WHERE organization_id = ? AND role = ? AND disabled = ?")
                .bind(0, organization.value())
                .bind(1, Role.OWNER.wire())
                .bind(2, false)
                .mapTo(Integer.class)
                .one());
    }
}
