// CPU µs per event of SQLite's INSERT into `events` (the driver Attest ships, sqlite-jdbc), split into the table, its
// secondary indexes and the FTS5 trigram index (V24): JFR cannot split them, as they are all native code under one
// NativeDB.step frame, and the bundled library has no symbols for perf.
//
// usage: java -cp 'bench/target/lib/*' bench/profile/InsertCost.java ATTEST.DB [ROWS] [ROWS_PER_TXN]
//
// ATTEST.DB: a checkpointed attest.db holding events (e.g. `sqlite3 scratch/b2/attest.db ".backup copy.db"` of a
// benchmark's scratch database); it is not modified. Copies it three times to a temporary directory: as migrated,
// without the FTS5 insert trigger, and without that trigger and the secondary indexes. In each, re-inserts ROWS
// (20,000) of its events under new seq and id, 30 days later, ROWS_PER_TXN (100) per transaction (WAL,
// synchronous=FULL, as Attest's writer), and prints this thread's CPU time per row, split into INSERT and COMMIT.
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public class InsertCost {
    /** Thirty days in microseconds. */
    static final long SHIFT = 30L * 24 * 3600 * 1_000_000;

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int perTxn = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path dir = Files.createTempDirectory("attest-insert-cost");
        var threads = ManagementFactory.getThreadMXBean();
        String[] variants = {"schema as migrated", "without FTS5 trigger", "without FTS5 trigger, secondary indexes"};
        for (int v = 0; v < variants.length; v++) {
            Path copy = dir.resolve("v" + v + ".db");
            Files.copy(source, copy);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
                    Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                if (v >= 1) {
                    s.execute("DROP TRIGGER events_search_insert");
                }
                if (v == 2) {
                    var indexes = new ArrayList<String>();
                    try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
                            + " AND tbl_name = 'events' AND sql IS NOT NULL")) {
                        while (r.next()) {
                            indexes.add(r.getString(1));
                        }
                    }
                    for (String index : indexes) {
                        s.execute("DROP INDEX " + index);
                    }
                }
                var columns = new ArrayList<String>();
                try (ResultSet r = s.executeQuery("PRAGMA table_info(events)")) {
                    while (r.next()) {
                        columns.add(r.getString("name"));
                    }
                }
                long top;
                try (ResultSet r = s.executeQuery("SELECT max(seq) FROM events")) {
                    top = r.getLong(1);
                }
                List<Object[]> data = new ArrayList<>();
                try (ResultSet r = s.executeQuery(
                        "SELECT " + String.join(", ", columns) + " FROM events ORDER BY rowid LIMIT " + rows)) {
                    while (r.next()) {
                        Object[] row = new Object[columns.size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = r.getObject(i + 1);
                        }
                        row[columns.indexOf("seq")] = top + 1 + data.size();
                        row[columns.indexOf("id")] = row[columns.indexOf("id")] + "-again";
                        // Later than every stored event, as new events are: index entries land at the right edge.
                        for (String time : List.of("occurred_at", "received_at")) {
                            row[columns.indexOf(time)] = ((Number) row[columns.indexOf(time)]).longValue() + SHIFT;
                        }
                        data.add(row);
                    }
                }
                c.setAutoCommit(false);
                long insertNanos = 0;
                long commitNanos = 0;
                try (var insert = c.prepareStatement("INSERT INTO events (" + String.join(", ", columns)
                        + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)")) {
                    for (int from = 0; from < data.size(); from += perTxn) {
                        long t0 = threads.getCurrentThreadCpuTime();
                        for (Object[] row : data.subList(from, Math.min(data.size(), from + perTxn))) {
                            for (int i = 0; i < row.length; i++) {
                                insert.setObject(i + 1, row[i]);
                            }
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        long t1 = threads.getCurrentThreadCpuTime();
                        c.commit();
                        insertNanos += t1 - t0;
                        commitNanos += threads.getCurrentThreadCpuTime() - t1;
                    }
                }
                System.out.printf(Locale.ROOT, "%-42s INSERT %6.1f + COMMIT %6.1f = %6.1f CPU µs/row (%d rows/txn)%n",
                        variants[v], insertNanos / 1e3 / data.size(), commitNanos / 1e3 / data.size(),
                        (insertNanos + commitNanos) / 1e3 / data.size(), perTxn);
            }
            Files.delete(copy);
            Files.deleteIfExists(dir.resolve("v" + v + ".db-wal"));
            Files.deleteIfExists(dir.resolve("v" + v + ".db-shm"));
        }
        Files.delete(dir);
    }
}
