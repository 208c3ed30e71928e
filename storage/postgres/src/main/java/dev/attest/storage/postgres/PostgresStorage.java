package dev.attest.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.attest.storage.jdbc.JdbcStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The PostgreSQL backend. Opening it applies pending schema migrations (from {@code db/postgresql}; several processes
 * may open one database at once, Flyway takes a lock) and makes sure the partitions of {@code events} exist for this
 * month and the next {@link Partitions#MONTHS_AHEAD}; a daemon thread repeats that twice a day. All stores share one
 * connection pool. Thread-safe.
 */
public final class PostgresStorage extends JdbcStorage {
    private static final System.Logger LOG = System.getLogger("dev.attest.storage.postgres");

    private final HikariDataSource pool;
    private final Partitions partitions;
    private final ScheduledExecutorService maintenance;

    private PostgresStorage(HikariDataSource pool, Partitions partitions, Settings settings) {
        super(pool, new PostgresDialect(partitions), settings.integrity());
        this.pool = pool;
        this.partitions = partitions;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "attest-postgres-partitions");
            thread.setDaemon(true);
            return thread;
        });
        long every = Duration.ofHours(12).toMinutes();
        var unused = maintenance.scheduleWithFixedDelay(
                () -> {
                    try {
                        partitions.ensureAhead(settings.clock().instant());
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "cannot create the next partitions of events", e);
                    }
                },
                every,
                every,
                TimeUnit.MINUTES);
    }

    /**
     * How to open the database.
     *
     * @param url where the database is
     * @param poolSize connections at most; appends of different organizations run in parallel up to this many
     * @param integrity whether to compute leaf hashes and Merkle trees; only benchmarks turn it off
     * @param clock decides which partitions are created ahead
     */
    public record Settings(DatabaseUrl url, int poolSize, boolean integrity, Clock clock) {
        /** {@code url} with a pool of {@code $ATTEST_DATABASE_POOL_SIZE} (default 10) connections and the machine's clock. */
        public static Settings of(DatabaseUrl url) {
            String size = System.getenv("ATTEST_DATABASE_POOL_SIZE");
            return new Settings(
                    url, size == null || size.isBlank() ? 10 : Integer.parseInt(size.trim()), true, Clock.systemUTC());
        }

        public Settings poolSize(int value) {
            return new Settings(url, value, integrity, clock);
        }

        public Settings integrity(boolean value) {
            return new Settings(url, poolSize, value, clock);
        }

        public Settings clock(Clock value) {
            return new Settings(url, poolSize, integrity, value);
        }
    }

    /** Opens the database at {@code url} (either URL form) with the default settings. */
    public static PostgresStorage open(String url) {
        return open(Settings.of(DatabaseUrl.parse(url)));
    }

    /** Opens the database and migrates its schema. */
    public static PostgresStorage open(Settings settings) {
        HikariDataSource pool = pool(settings);
        try {
            migrate(pool, new PostgresDialect(null));
            var partitions = new Partitions(Jdbi.create(pool));
            partitions.ensureAhead(settings.clock().instant());
            return new PostgresStorage(pool, partitions, settings);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource pool(Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url().jdbcUrl());
        if (settings.url().user() != null) {
            config.setUsername(settings.url().user());
        }
        if (settings.url().password() != null) {
            config.setPassword(settings.url().password());
        }
        config.setPoolName("attest-postgres");
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        // Batches of tree nodes and heads go as multi-row statements; the name shows in pg_stat_activity.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "attest");
        return new HikariDataSource(config);
    }

    /** The pool, for tools that copy data in bulk ({@link SqliteImport}). */
    DataSource dataSource() {
        return pool;
    }

    Partitions partitions() {
        return partitions;
    }

    @Override
    public void close() {
        maintenance.shutdownNow();
        super.close();
    }
}
