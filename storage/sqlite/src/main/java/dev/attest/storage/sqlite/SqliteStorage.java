package dev.attest.storage.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.attest.core.store.CheckpointStore;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.MemberStore;
import dev.attest.core.store.OrganizationStore;
import dev.attest.core.store.SessionStore;
import dev.attest.core.store.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite backend: one database file, {@code attest.db}, in the data directory. Opening it applies pending schema
 * migrations. Writes go through one connection (SQLite has one writer at a time anyway; the sequencer batches them),
 * with {@code synchronous=FULL} so that a committed transaction survives a power cut; reads go through a small pool
 * that WAL lets run beside the writer.
 */
public final class SqliteStorage implements Storage {
    /** The database file's name inside the data directory. */
    public static final String FILE_NAME = "attest.db";

    private final HikariDataSource writerPool;
    private final HikariDataSource readerPool;
    private final SqliteEventStore events;
    private final SqliteOrganizationStore organizations;
    private final SqliteCheckpointStore checkpoints;
    private final SqliteMemberStore members;
    private final SqliteSessionStore sessions;

    private SqliteStorage(HikariDataSource writerPool, HikariDataSource readerPool, boolean integrity) {
        this.writerPool = writerPool;
        this.readerPool = readerPool;
        Jdbi writer = Jdbi.create(writerPool);
        Jdbi readers = Jdbi.create(readerPool);
        this.events = new SqliteEventStore(writer, readers, integrity);
        this.organizations = new SqliteOrganizationStore(writer, readers);
        this.checkpoints = new SqliteCheckpointStore(writer, readers);
        this.members = new SqliteMemberStore(writer, readers);
        this.sessions = new SqliteSessionStore(writer, readers);
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
            Flyway.configure()
                    .dataSource(writer)
                    .locations("classpath:db/sqlite")
                    .load()
                    .migrate();
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

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public OrganizationStore organizations() {
        return organizations;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    @Override
    public MemberStore members() {
        return members;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public boolean isHealthy() {
        try (var connection = readerPool.getConnection();
                var statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        readerPool.close();
        writerPool.close();
    }
}
