package dev.attest.storage.sqlite;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.store.MemberStore;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link MemberStore} on SQLite. */
final class SqliteMemberStore implements MemberStore {
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
                rs.getInt("super_user") != 0,
                rs.getString("password_hash"),
                rs.getInt("disabled") != 0,
                Micros.toInstant(rs.getLong("created_at")));
    };

    private final Jdbi writer;
    private final Jdbi readers;

    SqliteMemberStore(Jdbi writer, Jdbi readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public void create(Member member) {
        writer.useTransaction(handle -> {
            if (handle.createQuery("SELECT 1 FROM members WHERE lower(email) = ?")
                    .bind(0, member.email().toLowerCase(Locale.ROOT))
                    .mapTo(Integer.class)
                    .findOne()
                    .isPresent()) {
                throw new IllegalStateException("a member with the email " + member.email() + " exists already");
            }
            handle.createUpdate("INSERT INTO members (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(0, member.id())
                    .bind(
                            1,
                            member.organization() == null
                                    ? null
                                    : member.organization().value())
                    .bind(2, member.email())
                    .bind(3, member.name())
                    .bind(4, member.role() == null ? null : member.role().wire())
                    .bind(5, member.superUser() ? 1 : 0)
                    .bind(6, member.passwordHash())
                    .bind(7, member.disabled() ? 1 : 0)
                    .bind(8, Micros.of(member.createdAt()))
                    .execute();
        });
    }

    @Override
    public Optional<Member> findByEmail(String email) {
        return readers.withHandle(
                handle -> handle.createQuery("SELECT " + COLUMNS + " FROM members WHERE lower(email) = ?")
                        .bind(0, email.toLowerCase(Locale.ROOT))
                        .map(ROWS)
                        .findOne());
    }

    @Override
    public Optional<Member> find(String id) {
        return readers.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM members WHERE id = ?")
                .bind(0, id)
                .map(ROWS)
                .findOne());
    }

    @Override
    public List<Member> list(OrganizationId organization) {
        return readers.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM members WHERE organization_id = ? ORDER BY created_at, id")
                .bind(0, organization.value())
                .map(ROWS)
                .list());
    }

    @Override
    public boolean hasSuperUser() {
        return readers.withHandle(handle -> handle.createQuery("SELECT 1 FROM members WHERE super_user = 1 LIMIT 1")
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }
}
