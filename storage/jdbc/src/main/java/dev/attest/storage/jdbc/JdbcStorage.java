package dev.attest.storage.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.attest.core.log.TreeAppender;
import dev.attest.core.store.Storage;
import dev.attest.core.store.Transaction;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Storage} on a relational database: the stores of this package over a writer and a readers' pool (one pool
 * for both where the database has no single-writer rule), with the {@link Dialect} of the database. Backend modules
 * extend it with how they open their database ({@code SqliteStorage.open}, {@code PostgresStorage.open}). Thread-safe.
 */
public class JdbcStorage extends JdbcStores implements Storage {
    private final HikariDataSource writerPool;
    private final @Nullable HikariDataSource readerPool;
    private final Dialect dialect;
    private final Jdbi writer;
    private final @Nullable TreeAppender trees;

    /**
     * A storage whose reads and writes share one pool.
     *
     * @param integrity whether every event gets its leaf hash and extends its organization's Merkle tree; only
     *     benchmarks turn it off, to measure its cost
     */
    protected JdbcStorage(HikariDataSource pool, Dialect dialect, boolean integrity) {
        this(pool, null, dialect, integrity ? new TreeAppender() : null, jdbi(pool, dialect));
    }

    /**
     * A storage that writes through {@code writerPool} and reads through {@code readerPool}.
     *
     * @param integrity whether every event gets its leaf hash and extends its organization's Merkle tree; only
     *     benchmarks turn it off, to measure its cost
     */
    protected JdbcStorage(
            HikariDataSource writerPool, HikariDataSource readerPool, Dialect dialect, boolean integrity) {
        this(writerPool, readerPool, dialect, integrity ? new TreeAppender() : null, jdbi(writerPool, dialect));
    }

    private JdbcStorage(
            HikariDataSource writerPool,
            @Nullable HikariDataSource readerPool,
            Dialect dialect,
            @Nullable TreeAppender trees,
            Jdbi writer) {
        super(new Handles.Pooled(writer, readerPool == null ? writer : jdbi(readerPool, dialect)), dialect, trees);
        this.writerPool = writerPool;
        this.readerPool = readerPool;
        this.dialect = dialect;
        this.writer = writer;
        this.trees = trees;
    }

    private static Jdbi jdbi(DataSource source, Dialect dialect) {
        Jdbi jdbi = Jdbi.create(source);
        dialect.configure(jdbi);
        return jdbi;
    }

    /** Applies the dialect's pending schema migrations to the database behind {@code source}. */
    protected static void migrate(DataSource source, Dialect dialect) {
        Flyway.configure()
                .dataSource(source)
                .locations(dialect.migrations())
                .javaMigrations(dialect.javaMigrations().toArray(JavaMigration[]::new))
                .load()
                .migrate();
    }

    @Override
    public <R> R inTransaction(Function<Transaction, R> work) {
        var handles = new Handles.InTransaction[1];
        R result = writer.inTransaction(handle -> {
            handles[0] = new Handles.InTransaction(handle);
            return work.apply(new JdbcStores(handles[0], dialect, trees));
        });
        handles[0].committed();
        return result;
    }

    /** The pool that writes, for tools that copy data in bulk. */
    protected DataSource writerDataSource() {
        return writerPool;
    }

    @Override
    public boolean isHealthy() {
        try (var connection = (readerPool == null ? writerPool : readerPool).getConnection();
                var statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (readerPool != null) {
            readerPool.close();
        }
        writerPool.close();
    }
}
