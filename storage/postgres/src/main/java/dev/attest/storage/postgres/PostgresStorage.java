package dev.attest.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.attest.core.store.CheckpointStore;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.MemberStore;
import dev.attest.core.store.OrganizationStore;
import dev.attest.core.store.SessionStore;
import dev.attest.core.store.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The PostgreSQL backend. Opening it applies pending schema migrations (from {@code db/postgresql}; several processes
 * may open one database at once, Flyway takes a lock) and makes sure the partitions of {@code events} exist for this
 * month and the next {@link Partitions#MONTHS_AHEAD}; a daemon thread repeats that twice a day. All stores share one
 * connection pool. Thread-safe.
 */
public final class PostgresStorage implements Storage {
    private static final System.Logger LOG = System.getLogger("dev.attest.storage.postgres");

    private final HikariDataSource pool;
    private final ScheduledExecutorService maintenance;
    private final Partitions partitions;
    private final PostgresEventStore events;
    private final PostgresOrganizationStore organizations;
    private final PostgresCheckpointStore checkpoints;
    private final PostgresMemberStore members;
    private final PostgresSessionStore sessions;

    private PostgresStorage(HikariDataSource pool, Settings settings) {
        this.pool = pool;
        Jdbi jdbi = Jdbi.create(pool);
        this.partitions = new Partitions(jdbi);
        partitions.ensureAhead(settings.clock().instant());
        this.events = new PostgresEventStore(jdbi, partitions, settings.integrity());
        this.organizations = new PostgresOrganizationStore(jdbi);
        this.checkpoints = new PostgresCheckpointStore(jdbi);
        this.members = new PostgresMemberStore(jdbi);
        this.sessions = new PostgresSessionStore(jdbi);
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
            migrate(pool);
            return new PostgresStorage(pool, settings);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    static void migrate(DataSource source) {
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/postgresql")
                .load()
                .migrate();
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

    /** The pool, for tools that copy data in bulk ({@link SqliteImport}). */
    DataSource dataSource() {
        return pool;
    }

    Partitions partitions() {
        return partitions;
    }

    @Override
    public boolean isHealthy() {
        try (var connection = pool.getConnection();
                var statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        maintenance.shutdownNow();
        pool.close();
    }
}
