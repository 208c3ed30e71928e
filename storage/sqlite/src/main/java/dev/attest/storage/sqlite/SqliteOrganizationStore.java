package dev.attest.storage.sqlite;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Organization;
import dev.attest.core.store.OrganizationStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link OrganizationStore} on SQLite. */
final class SqliteOrganizationStore implements OrganizationStore {
    private static final RowMapper<Organization> ROWS = (rs, ctx) -> new Organization(
            new OrganizationId(rs.getString("id")), rs.getString("name"), Micros.toInstant(rs.getLong("created_at")));

    private final Jdbi writer;
    private final Jdbi readers;

    SqliteOrganizationStore(Jdbi writer, Jdbi readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public void create(Organization organization, byte[] apiKeyHash, String apiKeyPrefix) {
        writer.useTransaction(handle -> {
            boolean taken = handle.createQuery("SELECT 1 FROM organizations WHERE id = ?")
                    .bind(0, organization.id().value())
                    .mapTo(Integer.class)
                    .findOne()
                    .isPresent();
            if (taken) {
                throw new IllegalStateException("organization " + organization.id() + " exists already");
            }
            long createdAt = Micros.of(organization.createdAt());
            handle.createUpdate("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)")
                    .bind(0, organization.id().value())
                    .bind(1, organization.name())
                    .bind(2, createdAt)
                    .execute();
            handle.createUpdate(
                            "INSERT INTO api_keys (key_hash, organization_id, key_prefix, created_at) VALUES (?, ?, ?, ?)")
                    .bind(0, apiKeyHash)
                    .bind(1, organization.id().value())
                    .bind(2, apiKeyPrefix)
                    .bind(3, createdAt)
                    .execute();
        });
    }

    @Override
    public Optional<Organization> find(OrganizationId id) {
        return readers.withHandle(
                handle -> handle.createQuery("SELECT id, name, created_at FROM organizations WHERE id = ?")
                        .bind(0, id.value())
                        .map(ROWS)
                        .findOne());
    }

    @Override
    public Optional<OrganizationId> findByApiKeyHash(byte[] apiKeyHash) {
        return readers.withHandle(handle -> handle.createQuery(
                        "SELECT organization_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
                .bind(0, apiKeyHash)
                .map((rs, ctx) -> new OrganizationId(rs.getString(1)))
                .findOne());
    }

    @Override
    public List<Organization> list() {
        return readers.withHandle(
                handle -> handle.createQuery("SELECT id, name, created_at FROM organizations ORDER BY created_at, id")
                        .map(ROWS)
                        .list());
    }
}
