package dev.attest.storage.postgres;

import dev.attest.core.event.Event;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.LeafHashes;
import dev.attest.core.log.LogTree;
import dev.attest.core.store.StoredCheckpoint;
import dev.attest.integrity.MerkleHash;
import dev.attest.integrity.TreeBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * Copies a whole embedded (SQLite) installation into an empty PostgreSQL database — organizations, API key hashes,
 * events with their leaf hashes, tree nodes, checkpoints — in one transaction, then proves the copy before reporting
 * success: every copied event, read back from PostgreSQL, must hash to its stored leaf hash, the leaf hashes must fold
 * to the organization's stored root, and that tree must have the root of every signed checkpoint at its size.
 */
public final class SqliteImport {
    /** What was copied. */
    public record Report(int organizations, int apiKeys, int members, long events, long treeNodes, int checkpoints) {}

    /** The copy does not verify; nothing may be served from it. */
    public static final class ImportVerificationException extends Exception {
        private static final long serialVersionUID = 1L;

        ImportVerificationException(String message) {
            super(message);
        }
    }

    private static final int CHUNK = 5_000;
    private static final HexFormat HEX = HexFormat.of();

    private final DataSource sqlite;
    private final PostgresStorage target;
    private final Consumer<String> progress;

    /**
     * @param sqlite the source database, migrated to the current SQLite schema, read-only is enough
     * @param target an opened, empty PostgreSQL storage
     * @param progress receives one line per step
     */
    public SqliteImport(DataSource sqlite, PostgresStorage target, Consumer<String> progress) {
        this.sqlite = sqlite;
        this.target = target;
        this.progress = progress;
    }

    /**
     * Copies and verifies.
     *
     * @throws IllegalStateException if the target holds organizations already
     * @throws ImportVerificationException if the copy does not verify (it stays in the target for inspection)
     */
    public Report run() throws SQLException, ImportVerificationException {
        Report report;
        try (Connection from = sqlite.getConnection();
                Connection to = target.dataSource().getConnection()) {
            from.setAutoCommit(false);
            to.setAutoCommit(false);
            try (var check = to.createStatement();
                    var rows = check.executeQuery("SELECT count(*) FROM organizations")) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    throw new IllegalStateException(
                            "the target database holds organizations already; migrate into" + " an empty database");
                }
            }
            ensurePartitions(from);
            int organizations = copyRows(
                    from,
                    to,
                    "SELECT id, name, created_at, log_size, log_root FROM organizations",
                    "INSERT INTO organizations (id, name, created_at, log_size, log_root) VALUES (?, ?, ?, ?, ?)",
                    (rs, insert) -> {
                        insert.setString(1, rs.getString(1));
                        insert.setString(2, rs.getString(2));
                        insert.setObject(3, Timestamps.of(micros(rs.getLong(3))));
                        insert.setLong(4, rs.getLong(4));
                        insert.setBytes(5, rs.getBytes(5));
                    });
            int apiKeys = copyRows(
                    from,
                    to,
                    "SELECT key_hash, organization_id, key_prefix, created_at, revoked_at FROM api_keys",
                    "INSERT INTO api_keys (key_hash, organization_id, key_prefix, created_at, revoked_at)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    (rs, insert) -> {
                        insert.setBytes(1, rs.getBytes(1));
                        insert.setString(2, rs.getString(2));
                        insert.setString(3, rs.getString(3));
                        insert.setObject(4, Timestamps.of(micros(rs.getLong(4))));
                        long revoked = rs.getLong(5);
                        insert.setObject(5, rs.wasNull() ? null : Timestamps.of(micros(revoked)));
                    });
            int members = copyRows(
                    from,
                    to,
                    "SELECT " + PostgresMemberStore.COLUMNS + " FROM members",
                    "INSERT INTO members (" + PostgresMemberStore.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (rs, insert) -> {
                        for (int column = 1; column <= 5; column++) {
                            insert.setString(column, rs.getString(column));
                        }
                        insert.setBoolean(6, rs.getInt(6) != 0);
                        insert.setString(7, rs.getString(7));
                        insert.setBoolean(8, rs.getInt(8) != 0);
                        insert.setObject(9, Timestamps.of(micros(rs.getLong(9))));
                    });
            // Console sessions are not copied: people sign in again after the move.
            progress.accept(
                    "copied " + organizations + " organizations, " + apiKeys + " API keys and " + members + " members");
            long events = copyEvents(from, to);
            progress.accept("copied " + events + " events");
            int nodes = copyRows(
                    from,
                    to,
                    "SELECT organization_id, level, idx, hash FROM tree_nodes",
                    "INSERT INTO tree_nodes (organization_id, level, idx, hash) VALUES (?, ?, ?, ?)",
                    (rs, insert) -> {
                        insert.setString(1, rs.getString(1));
                        insert.setInt(2, rs.getInt(2));
                        insert.setLong(3, rs.getLong(3));
                        insert.setBytes(4, rs.getBytes(4));
                    });
            int checkpoints = copyRows(
                    from,
                    to,
                    "SELECT organization_id, size, root_hash, note, created_at FROM checkpoints",
                    "INSERT INTO checkpoints (organization_id, size, root_hash, note, created_at) VALUES (?, ?, ?, ?, ?)",
                    (rs, insert) -> {
                        insert.setString(1, rs.getString(1));
                        insert.setLong(2, rs.getLong(2));
                        insert.setBytes(3, rs.getBytes(3));
                        insert.setString(4, rs.getString(4));
                        insert.setObject(5, Timestamps.of(micros(rs.getLong(5))));
                    });
            to.commit();
            from.rollback();
            report = new Report(organizations, apiKeys, members, events, nodes, checkpoints);
        }
        progress.accept(
                "copied " + report.treeNodes() + " tree nodes and " + report.checkpoints() + " checkpoints; verifying");
        verify();
        return report;
    }

    private interface RowCopy {
        void bind(ResultSet source, PreparedStatement insert) throws SQLException;
    }

    private static int copyRows(Connection from, Connection to, String select, String insert, RowCopy copy)
            throws SQLException {
        int count = 0;
        try (var read = from.prepareStatement(select);
                var write = to.prepareStatement(insert)) {
            read.setFetchSize(CHUNK);
            try (var rows = read.executeQuery()) {
                while (rows.next()) {
                    copy.bind(rows, write);
                    write.addBatch();
                    if (++count % CHUNK == 0) {
                        write.executeBatch();
                    }
                }
            }
            write.executeBatch();
        }
        return count;
    }

    /** Old installations have events in months long past: their partitions are made first. */
    private void ensurePartitions(Connection from) throws SQLException {
        var months = new ArrayList<Instant>();
        try (var statement = from.createStatement();
                var rows = statement.executeQuery("SELECT DISTINCT received_at / (86400000000 * 28) FROM events")) {
            while (rows.next()) {
                // One instant per 28-day bucket hits every calendar month at least once.
                months.add(micros(rows.getLong(1) * 86_400_000_000L * 28));
                months.add(micros(rows.getLong(1) * 86_400_000_000L * 28 + 86_400_000_000L * 27));
            }
        }
        target.partitions().ensureFor(months);
    }

    private static long copyEvents(Connection from, Connection to) throws SQLException {
        long count = 0;
        var copy = new CopyText();
        try (var read = from.prepareStatement("SELECT organization_id, seq, id, action, category, critical,"
                + " occurred_at, received_at, actor_type, actor_id, actor_name, actor_email, actor_role, target_type,"
                + " target_id, target_name, outcome, workspace, ip, user_agent, request_id, payload, search_text,"
                + " leaf_hash FROM events ORDER BY organization_id, seq")) {
            read.setFetchSize(CHUNK);
            try (var rows = read.executeQuery()) {
                while (rows.next()) {
                    copy.field(rows.getString(1))
                            .field(rows.getLong(2))
                            .field(rows.getString(3))
                            .field(rows.getString(4))
                            .field(rows.getString(5))
                            .field(rows.getInt(6) != 0)
                            .field(micros(rows.getLong(7)))
                            .field(micros(rows.getLong(8)));
                    for (int column = 9; column <= 23; column++) {
                        copy.field(rows.getString(column));
                    }
                    copy.field(rows.getBytes(24)).endRow();
                    count++;
                    if (copy.rows() == CHUNK) {
                        copyIn(to, copy);
                        copy = new CopyText();
                    }
                }
            }
        }
        if (copy.rows() > 0) {
            copyIn(to, copy);
        }
        return count;
    }

    private static void copyIn(Connection to, CopyText copy) throws SQLException {
        try {
            to.unwrap(PGConnection.class).getCopyAPI().copyIn(EventRows.COPY, new StringReader(copy.text()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Recomputes, from what PostgreSQL now holds, every leaf hash and every organization's tree. */
    private void verify() throws ImportVerificationException {
        for (var organization : target.organizations().list()) {
            OrganizationId org = organization.id();
            long size = target.events().size(org);
            byte @Nullable [] storedRoot = target.events().head(org).root();
            List<StoredCheckpoint> checkpoints = checkpoints(org);
            var tree = new TreeBuilder();
            @Nullable String[] problem = new String[1];
            int[] nextCheckpoint = {0};
            target.events().scan(org, 1, size, event -> {
                if (problem[0] != null) {
                    return;
                }
                problem[0] = checkEvent(event, tree.size() + 1);
                if (problem[0] != null) {
                    return;
                }
                tree.append(HEX.parseHex(event.leafHash()));
                while (nextCheckpoint[0] < checkpoints.size()
                        && checkpoints.get(nextCheckpoint[0]).size() == tree.size()) {
                    StoredCheckpoint checkpoint = checkpoints.get(nextCheckpoint[0]++);
                    if (!Arrays.equals(tree.root(), checkpoint.root())) {
                        problem[0] = "the copied tree at size " + checkpoint.size() + " has root "
                                + HEX.formatHex(tree.root()) + " but the signed checkpoint states "
                                + HEX.formatHex(checkpoint.root());
                    }
                }
            });
            if (problem[0] != null) {
                throw new ImportVerificationException(org + ": " + problem[0]);
            }
            if (tree.size() != size) {
                throw new ImportVerificationException(
                        org + ": the log's size is " + size + " but " + tree.size() + " events were copied");
            }
            byte[] root = size == 0 ? MerkleHash.emptyRoot() : tree.root();
            if (storedRoot == null || !Arrays.equals(root, storedRoot)) {
                throw new ImportVerificationException(org + ": the copied events form the root " + HEX.formatHex(root)
                        + " but the copied head states " + (storedRoot == null ? "none" : HEX.formatHex(storedRoot)));
            }
            if (size > 0) {
                // The stored interior nodes must agree too: proofs are served from them.
                byte[] fromNodes = rootFromStoredNodes(org, size);
                if (!Arrays.equals(fromNodes, root)) {
                    throw new ImportVerificationException(org + ": the copied tree nodes fold to "
                            + HEX.formatHex(fromNodes) + ", not to the events' root " + HEX.formatHex(root));
                }
            }
            if (nextCheckpoint[0] != checkpoints.size()) {
                throw new ImportVerificationException(org + ": a checkpoint is beyond the copied log");
            }
            progress.accept("verified " + org + ": " + size + " events, root " + HEX.formatHex(root) + ", "
                    + checkpoints.size() + " checkpoints");
        }
    }

    private static @Nullable String checkEvent(Event event, long expectedSeq) {
        if (event.seq() != expectedSeq) {
            return "expected seq " + expectedSeq + ", found " + event.seq();
        }
        String stated = event.leafHash();
        if (stated == null) {
            return "event seq " + event.seq() + " has no leaf hash";
        }
        String actual = HEX.formatHex(LeafHashes.of(event));
        if (!actual.equals(stated)) {
            return "event seq " + event.seq() + " (id " + event.id() + ") reads back with content hashing to " + actual
                    + " but its leaf hash is " + stated;
        }
        return null;
    }

    private byte[] rootFromStoredNodes(OrganizationId org, long size) {
        List<byte[]> frontier =
                LogTree.frontier(LogTree.subtreeHashes(target.events().treeHashes(), org), size);
        TreeBuilder resumed = TreeBuilder.resume(size, frontier, (level, index, hash) -> {});
        return resumed.root();
    }

    private List<StoredCheckpoint> checkpoints(OrganizationId org) {
        var all = new ArrayList<StoredCheckpoint>();
        try (var connection = target.dataSource().getConnection();
                var select = connection.prepareStatement(
                        "SELECT size FROM checkpoints WHERE organization_id = ? ORDER BY size")) {
            select.setString(1, org.value());
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    target.checkpoints().find(org, rows.getLong(1)).ifPresent(all::add);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the checkpoints of " + org + ": " + e.getMessage(), e);
        }
        return all;
    }
}
