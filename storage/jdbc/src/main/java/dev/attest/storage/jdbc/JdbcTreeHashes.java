package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.TreeHashStore;
import java.util.ArrayList;
import java.util.List;

/** {@link TreeHashStore}: level 0 from {@code events.leaf_hash}, stored levels from {@code tree_nodes}. */
final class JdbcTreeHashes implements TreeHashStore {
    private final Handles handles;

    JdbcTreeHashes(Handles handles) {
        this.handles = handles;
    }

    @Override
    public List<byte[]> read(OrganizationId organization, int level, long from, long to) {
        List<byte[]> hashes = handles.read(handle -> {
            var query = level == 0
                    ? handle.createQuery("SELECT leaf_hash FROM events"
                                    + " WHERE organization_id = ? AND seq > ? AND seq <= ? ORDER BY seq")
                            .bind(0, organization.value())
                            .bind(1, from)
                            .bind(2, to)
                    : handle.createQuery("SELECT hash FROM tree_nodes"
                                    + " WHERE organization_id = ? AND level = ? AND idx >= ? AND idx < ? ORDER BY idx")
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
