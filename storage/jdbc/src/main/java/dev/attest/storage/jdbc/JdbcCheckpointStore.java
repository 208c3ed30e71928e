package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.store.CheckpointStore;
import dev.attest.core.store.StoredCheckpoint;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link CheckpointStore} on {@code checkpoints}. */
final class JdbcCheckpointStore implements CheckpointStore {
    private static final String COLUMNS = "organization_id, size, root_hash, note, created_at";
    private static final RowMapper<StoredCheckpoint> ROWS = (rs, ctx) -> new StoredCheckpoint(
            new OrganizationId(rs.getString("organization_id")),
            rs.getLong("size"),
            rs.getBytes("root_hash"),
            rs.getString("note"),
            Rows.instant(rs, "created_at", ctx));

    private final Handles handles;

    JdbcCheckpointStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public void save(StoredCheckpoint checkpoint) {
        handles.write(handle -> handle.createUpdate("INSERT INTO checkpoints (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (organization_id, size) DO NOTHING")
                .bind(0, checkpoint.organization().value())
                .bind(1, checkpoint.size())
                .bind(2, checkpoint.root())
                .bind(3, checkpoint.note())
                .bind(4, checkpoint.createdAt())
                .execute());
    }

    @Override
    public Optional<StoredCheckpoint> latest(OrganizationId organization) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM checkpoints WHERE organization_id = ? ORDER BY size DESC LIMIT 1")
                .bind(0, organization.value())
                .map(ROWS)
                .findOne());
    }

    @Override
    public Optional<StoredCheckpoint> find(OrganizationId organization, long size) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM checkpoints WHERE organization_id = ? AND size = ?")
                .bind(0, organization.value())
                .bind(1, size)
                .map(ROWS)
                .findOne());
    }

    @Override
    public List<OrganizationId> behind() {
        return handles.read(handle -> handle.createQuery("SELECT o.id FROM organizations o"
                        + " WHERE o.log_size > COALESCE((SELECT MAX(size) FROM checkpoints c"
                        + " WHERE c.organization_id = o.id), -1)")
                .map((rs, ctx) -> new OrganizationId(rs.getString(1)))
                .list());
    }
}
