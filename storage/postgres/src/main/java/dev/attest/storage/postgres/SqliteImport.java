package dev.attest.storage.postgres;

import dev.attest.core.event.Event;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.LeafHashes;
import dev.attest.core.log.LogProofs;
import dev.attest.core.store.StoredCheckpoint;
import dev.attest.integrity.MerkleHash;
import dev.attest.integrity.TreeBuilder;
import dev.attest.storage.jdbc.Micros;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Copies a whole embedded (SQLite) installation into an empty PostgreSQL database — every table of the schema but the
 * console's sessions (people sign in again after the move) — in one transaction, then proves the copy before
 * reporting success: every copied event, read back from PostgreSQL, must hash to its stored leaf hash, the leaf
 * hashes must fold to the organization's stored root, and that tree must have the root of every signed checkpoint at
 * its size.
 *
 * <p>The copy follows the target's schema, not a list of tables: it copies every table PostgreSQL has (parents before
 * the tables whose foreign keys point at them), converting each value to the target column's type — SQLite's epoch
 * microseconds to {@code timestamptz}, its 0/1 to {@code boolean}. Both schemas come from the same migrations, so a
 * table added to both is copied without a change here; a table missing from the source fails the import loudly.
 */
public final class SqliteImport {
    /** What was copied: rows per table, in copy order. */
    public record Report(Map<String, Long> rows) {
        public Report {
            rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
        }

        /** The rows copied of {@code table}, 0 when it was not copied. */
        public long rows(String table) {
            return rows.getOrDefault(table, 0L);
        }
    }

    /** The copy does not verify; nothing may be served from it. */
    public static final class ImportVerificationException extends Exception {
        private static final long serialVersionUID = 1L;

        ImportVerificationException(String message) {
            super(message);
        }
    }

    /** Tables not copied: Flyway's own history (the target has its own), and sessions (people sign in again). */
    private static final Set<String> NOT_COPIED = Set.of("flyway_schema_history", "sessions");

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
     * @throws IllegalStateException if the target holds organizations already, or the source lacks a table of the
     *     target's schema
     * @throws ImportVerificationException if the copy does not verify (it stays in the target for inspection)
     */
    public Report run() throws SQLException, ImportVerificationException {
        var copied = new LinkedHashMap<String, Long>();
        try (Connection from = sqlite.getConnection();
                Connection to = target.dataSource().getConnection()) {
            from.setAutoCommit(false);
            to.setAutoCommit(false);
            try (var check = to.createStatement();
                    var rows = check.executeQuery("SELECT count(*) FROM organizations")) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    throw new IllegalStateException(
                            "the target database holds organizations already; migrate into an empty database");
                }
            }
            ensurePartitions(from);
            for (String table : TargetSchema.tablesInCopyOrder(to)) {
                if (NOT_COPIED.contains(table)) {
                    continue;
                }
                long rows = copyTable(from, to, table, TargetSchema.columns(to, table));
                copied.put(table, rows);
                progress.accept("copied " + rows + " rows of " + table);
            }
            to.commit();
            from.rollback();
            // Tables just filled in bulk have no planner statistics until autovacuum comes by; without them a page of
            // the log sorts every event of the organization (issue 14: the console's export at 8% of a raw cursor
            // before ANALYZE, 97% after). The verification below and the first users read right away.
            to.setAutoCommit(true);
            try (var analyze = to.createStatement()) {
                for (String table : copied.keySet()) {
                    analyze.execute("ANALYZE " + table);
                }
            }
            progress.accept("analyzed " + copied.size() + " tables");
        }
        progress.accept("verifying");
        verify();
        return new Report(copied);
    }

    private static long copyTable(Connection from, Connection to, String table, Map<String, String> columns)
            throws SQLException {
        String names = String.join(", ", columns.keySet());
        String select = "SELECT " + names + " FROM " + table;
        String insert = "INSERT INTO " + table + " (" + names + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)";
        List<String> types = List.copyOf(columns.values());
        long count = 0;
        try (var read = prepare(from, select, table);
                var write = to.prepareStatement(insert)) {
            read.setFetchSize(CHUNK);
            try (var rows = read.executeQuery()) {
                while (rows.next()) {
                    for (int i = 0; i < types.size(); i++) {
                        write.setObject(i + 1, TargetSchema.convert(rows, i + 1, types.get(i)));
                    }
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

    private static PreparedStatement prepare(Connection from, String select, String table) throws SQLException {
        try {
            return from.prepareStatement(select);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "the embedded database lacks " + table + " as PostgreSQL's schema has it (" + e.getMessage()
                            + "); are both Attest versions the same?",
                    e);
        }
    }

    /** Old installations have events in months long past: their partitions are made first. */
    private void ensurePartitions(Connection from) throws SQLException {
        var months = new ArrayList<Instant>();
        try (var statement = from.createStatement();
                var rows = statement.executeQuery("SELECT DISTINCT received_at / (86400000000 * 28) FROM events")) {
            while (rows.next()) {
                // One instant per 28-day bucket hits every calendar month at least once.
                months.add(Micros.toInstant(rows.getLong(1) * 86_400_000_000L * 28));
                months.add(Micros.toInstant(rows.getLong(1) * 86_400_000_000L * 28 + 86_400_000_000L * 27));
            }
        }
        target.partitions().ensureFor(months);
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
        return new LogProofs(target.events()).root(org, size);
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
