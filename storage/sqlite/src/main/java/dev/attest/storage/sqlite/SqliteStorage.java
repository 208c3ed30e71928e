package dev.attest.storage.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.attest.storage.jdbc.JdbcStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite backend: one database file, {@code attest.db}, in the data directory. Opening it applies pending schema
 * migrations. Writes go through one connection (SQLite has one writer at a time anyway; the sequencer batches them),
 * each transaction taking the write lock as it begins ({@code BEGIN IMMEDIATE}) and committing with
 * {@code synchronous=FULL}, so that a committed transaction survives a power cut; reads go through a small pool that
 * WAL lets run beside the writer.
 */
public final class SqliteStorage extends JdbcStorage {
    /** The database file's name inside the data directory. */
    public static final String FILE_NAME = "attest.db";

    private SqliteStorage(HikariDataSource writer, HikariDataSource readers, boolean integrity) {
        super(writer, readers, new SqliteDialect(), integrity);
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
            return new SqliteStorage(writer, pool(url, "attest-sqlite-reader", readers, true), integrity);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    private static HikariDataSource pool(String url, String name, int size, boolean readOnly) {
        SQLiteConfig sqlite = new SQLiteConfig();
        if (!readOnly) {
            // WAL persists in the file; readers find it there and need not (cannot) set it.
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // A write transaction takes the write lock when it begins: one that read first and wrote later could not
            // upgrade its lock if another process (attest org create, a backup) wrote in between.
            sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        // FULL: a transaction is on disk (WAL fsynced) before the commit returns, so an acknowledged event survives
        // a crash or power cut.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(10_000);
        sqlite.enforceForeignKeys(true);
        sqlite.setCacheSize(-64_000);
        sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
        sqlite.setReadOnly(readOnly);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl(url);
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setReadOnly(readOnly);
        return new HikariDataSource(config);
    }
}
