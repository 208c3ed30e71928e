package dev.attest.storage.sqlite;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.store.CheckpointStore;
import dev.attest.core.store.StoredCheckpoint;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link CheckpointStore} on SQLite. */
final class SqliteCheckpointStore implements CheckpointStore {
    private static final String COLUMNS = "organization_id, size, root_hash, note, created_at";
    private static final RowMapper<StoredCheckpoint> ROWS = (rs, ctx) -> new StoredCheckpoint(
            new OrganizationId(rs.getString("organization_id")),
            rs.getLong("size"),
            rs.getBytes("root_hash"),
            rs.getString("note"),
            Micros.toInstant(rs.getLong("created_at")));

    private final Jdbi writer;
    private final Jdbi readers;

    SqliteCheckpointStore(Jdbi writer, Jdbi readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public void save(StoredCheckpoint checkpoint) {
        writer.useHandle(handle -> handle.createUpdate("INSERT INTO checkpoints (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (organization_id, size) DO NOTHING")
                .bind(0, checkpoint.organization().value())
                .bind(1, checkpoint.size())
                .bind(2, checkpoint.root())
                .bind(3, checkpoint.note())
                .bind(4, Micros.of(checkpoint.createdAt()))
                .execute());
    }

    @Override
    public Optional<StoredCheckpoint> latest(OrganizationId organization) {
        return readers.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM checkpoints WHERE organization_id = ? ORDER BY size DESC LIMIT 1")
                .bind(0, organization.value())
                .map(ROWS)
                .findOne());
    }

    @Override
    public Optional<StoredCheckpoint> find(OrganizationId organization, long size) {
        return readers.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM checkpoints WHERE organization_id = ? AND size = ?")
                .bind(0, organization.value())
                .bind(1, size)
                .map(ROWS)
                .findOne());
    }

    @Override
    public List<OrganizationId> behind() {
        return readers.withHandle(handle -> handle.createQuery("SELECT o.id FROM organizations o"
                        + " WHERE o.log_size > COALESCE((SELECT MAX(size) FROM checkpoints c"
                        + " WHERE c.organization_id = o.id), -1)")
                .map((rs, ctx) -> new OrganizationId(rs.getString(1)))
                .list());
    }
}
