package dev.attest.storage.postgres;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.TreeHashStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/** {@link TreeHashStore} on PostgreSQL: level 0 from {@code events.leaf_hash}, stored levels from {@code tree_nodes}. */
final class PostgresTreeHashes implements TreeHashStore {
    /** Runs a read on a handle: the append transaction's own inside an append, a pooled one otherwise. */
    interface Reads {
        List<byte[]> read(Function<Handle, List<byte[]>> work);
    }

    private final Reads reads;

    PostgresTreeHashes(Reads reads) {
        this.reads = reads;
    }

    @Override
    public List<byte[]> read(OrganizationId organization, int level, long from, long to) {
        List<byte[]> hashes = reads.read(handle -> {
            var query = level == 0
                    ? handle.createQuery("SELECT leaf_hash FROM events WHERE organization_id = ? AND seq > ?"
                                    + " AND seq <= ? ORDER BY seq")
                            .bind(0, organization.value())
                            .bind(1, from)
                            .bind(2, to)
                    : handle.createQuery("SELECT hash FROM tree_nodes WHERE organization_id = ? AND level = ?"
                                    + " AND idx >= ? AND idx < ? ORDER BY idx")
                            .bind(0, organization.value())
                            .bind(1, level)
                            .bind(2, from)
                            .bind(3, to);
            return new ArrayList<>(query.map((rs, ctx) -> rs.getBytes(1)).list());
        });
        if (hashes.size() != to - from || hashes.contains(null)) {
            throw new IllegalStateException("the tree of " + organization + " lacks hashes of level " + level + " ["
                    + from + ", " + to + "): found " + hashes.size());
        }
        return hashes;
    }
}
