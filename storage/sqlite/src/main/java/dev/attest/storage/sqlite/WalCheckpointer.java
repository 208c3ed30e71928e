package dev.attest.storage.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Copies the write-ahead log into the database file on a connection and thread of its own, so that the writer's
 * commits only append to the WAL and fsync it. Left to SQLite, the commit that takes the WAL past
 * {@code wal_autocheckpoint} pages runs the checkpoint itself: with the default 1,000 pages and groups of a few hundred
 * events that was nearly every commit, costing a second and third {@code fsync} (database file, then WAL reset) on the
 * request path (bench/README.md, "Per-event cost").
 *
 * <p>A {@code PASSIVE} checkpoint takes no lock the writer or the readers wait for (sqlite.org/wal.html, "Checkpointing");
 * it copies the frames that no reader still needs and fsyncs the database file. Durability does not depend on it: a
 * committed transaction is in the fsynced WAL, and whoever opens the database next replays it. The writer keeps a high
 * {@code wal_autocheckpoint} as a bound on the WAL's size should this thread fall behind.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WalCheckpointer.class.getName());

    private final Connection connection;
    private final ScheduledExecutorService thread;

    WalCheckpointer(Connection connection, Duration every) {
        this.connection = connection;
        this.thread = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread t = new Thread(work, "attest-sqlite-checkpoint");
            t.setDaemon(true);
            return t;
        });
        var unused = thread.scheduleWithFixedDelay(
                this::checkpointQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (SQLException e) {
            // The next run (or the writer's wal_autocheckpoint) catches up; nothing committed depends on this one.
            LOG.log(System.Logger.Level.WARNING, "WAL checkpoint failed: " + e.getMessage());
        }
    }

    private void checkpoint() throws SQLException {
        synchronized (connection) {
            try (var statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
            }
        }
    }

    /** Stops the thread, waiting for a checkpoint under way, and closes the connection. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        synchronized (connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot close the checkpoint connection: " + e.getMessage());
            }
        }
    }
}
