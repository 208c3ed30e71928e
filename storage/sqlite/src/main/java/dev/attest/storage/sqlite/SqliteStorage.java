package dev.attest.storage.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.attest.storage.jdbc.JdbcStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite backend: one database file, {@code attest.db}, in the data directory. Opening it applies pending schema
 * migrations. Writes go through one connection (SQLite has one writer at a time anyway; the sequencer batches them),
 * each transaction taking the write lock as it begins ({@code BEGIN IMMEDIATE}) and committing with
 * {@code synchronous=FULL}, so that a committed transaction survives a power cut; reads go through a small pool that
 * WAL lets run beside the writer. A thread of its own copies the WAL into the database file ({@link WalCheckpointer}),
 * so that commits do not.
 */
public final class SqliteStorage extends JdbcStorage {
    /** The database file's name inside the data directory. */
    public static final String FILE_NAME = "attest.db";

    /** How often the WAL is copied into the database file, off the writer's commits. */
    private static final Duration CHECKPOINT_EVERY = Duration.ofMillis(250);

    /**
     * The WAL size (pages of 4 KiB) at which the writer's own commit checkpoints: a bound of ~80 MB should the
     * checkpoint thread fall behind (or be blocked by a long read), instead of SQLite's default of 1,000 pages, which
     * made nearly every group commit also a checkpoint.
     */
    static final int WRITER_AUTOCHECKPOINT_PAGES = 20_000;

    private final WalCheckpointer checkpointer;

    private SqliteStorage(
            HikariDataSource writer, HikariDataSource readers, boolean integrity, WalCheckpointer checkpointer) {
        super(writer, readers, new SqliteDialect(), integrity);
        this.checkpointer = checkpointer;
    }

    /**
     * Opens (creating if needed) the database in {@code dataDirectory} and migrates its schema; every event gets its
     * leaf hash and extends its organization's Merkle tree.
     *
     * @param readers how many connections serve reads at once
     */
    public static SqliteStorage open(Path dataDirectory, int readers) {
        return open(dataDirectory, readers, true);
    }

    /**
     * Opens the database as {@link #open(Path, int)} does.
     *
     * @param integrity whether to compute leaf hashes and Merkle trees; only benchmarks turn it off, to measure its cost
     */
    public static SqliteStorage open(Path dataDirectory, int readers, boolean integrity) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDirectory, e);
        }
        String url = "jdbc:sqlite:" + dataDirectory.resolve(FILE_NAME).toAbsolutePath();
        HikariDataSource writer = pool(url, "attest-sqlite-writer", 1, false);
        try {
            migrate(writer, new SqliteDialect());
            HikariDataSource readerPool = pool(url, "attest-sqlite-reader", readers, true);
            try {
                var checkpointer = new WalCheckpointer(config(false).createConnection(url), CHECKPOINT_EVERY);
                return new SqliteStorage(writer, readerPool, integrity, checkpointer);
            } catch (SQLException | RuntimeException e) {
                readerPool.close();
                throw e;
            }
        } catch (SQLException e) {
            writer.close();
            throw new IllegalStateException("cannot open the checkpoint connection to " + url, e);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    @Override
    public void close() {
        // First: a checkpoint under way finishes before the writer's connection closes (which checkpoints too).
        checkpointer.close();
        super.close();
    }

    private static HikariDataSource pool(String url, String name, int size, boolean readOnly) {
        SQLiteDataSource source = new SQLiteDataSource(config(readOnly));
        source.setUrl(url);
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setReadOnly(readOnly);
        return new HikariDataSource(config);
    }

    private static SQLiteConfig config(boolean readOnly) {
        SQLiteConfig sqlite = new SQLiteConfig();
        if (!readOnly) {
            // WAL persists in the file; readers find it there and need not (cannot) set it.
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // A write transaction takes the write lock when it begins: one that read first and wrote later could not
            // upgrade its lock if another process (attest org create, a backup) wrote in between.
            sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            sqlite.setWalAutocheckpoint(WRITER_AUTOCHECKPOINT_PAGES);
        }
        // FULL: a transaction is on disk (WAL fsynced) before the commit returns, so an acknowledged event survives
        // a crash or power cut.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(10_000);
        sqlite.enforceForeignKeys(true);
        sqlite.setCacheSize(-64_000);
        sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
        sqlite.setReadOnly(readOnly);
        return sqlite;
    }
}
