package dev.attest.bench;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Onboarding;
import dev.attest.storage.postgres.CopyText;
import dev.attest.storage.postgres.DatabaseUrl;
import dev.attest.storage.postgres.PostgresStorage;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * PostgreSQL: each store a schema of one scratch database ({@code $ATTEST_BENCH_DATABASE}, by default {@code
 * attest_bench} on the machine's server at 127.0.0.1:5432, created if missing), migrated by {@link PostgresStorage}
 * as {@code attest serve --database} migrates it. The raw batch baseline is COPY, PostgreSQL's fastest way in.
 */
final class PostgresBackend implements Backend {
    private static final String DEFAULT = "jdbc:postgresql://127.0.0.1:5432/attest_bench?user=postgres";
    private static final String COPY = "COPY events (organization_id, seq, id, action, category, critical,"
            + " occurred_at, received_at, actor_type, actor_id, actor_name, actor_email, actor_role, target_type,"
            + " target_id, target_name, outcome, workspace, ip, user_agent, request_id, search_text, leaf_data,"
            + " leaf_hash) FROM STDIN";
    /** Columns of {@link RawSqlite#row} that differ in type here: a boolean, then two timestamps. */
    private static final int CRITICAL = 5;

    private static final int OCCURRED_AT = 6;
    private static final int RECEIVED_AT = 7;

    private final String base;
    private final Clock clock;

    private PostgresBackend(String base, Clock clock) {
        this.base = base;
        this.clock = clock;
    }

    /** The database of {@code $ATTEST_BENCH_DATABASE}, or the machine's {@code attest_bench}, made if missing. */
    static PostgresBackend fromEnvironment(Clock clock) throws SQLException {
        String configured = System.getenv("ATTEST_BENCH_DATABASE");
        if (configured != null && !configured.isBlank()) {
            return new PostgresBackend(configured.trim(), clock);
        }
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
                var statement = admin.createStatement();
                var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'attest_bench'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE attest_bench");
            }
        }
        return new PostgresBackend(DEFAULT, clock);
    }

    @Override
    public String rawBatchWay() {
        return "COPY";
    }

    @Override
    public Store fresh(String name, int connections, boolean integrity) {
        String schema = schema(name);
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
        return open(schema, connections, integrity, true, Bench.temporaryDirectory("attest-bench-" + schema));
    }

    @Override
    public Store kept(Path directory, long events, int connections) {
        String schema = "bench_dataset_" + events;
        execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        return open(schema, connections, true, false, directory);
    }

    @Override
    public long bytesOnDisk(Store store) {
        try (Connection connection = store.connect();
                PreparedStatement size =
                        connection.prepareStatement("SELECT coalesce(sum(pg_total_relation_size(c.oid)),"
                                + " 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE n.nspname = current_schema() AND c.relkind = 'r'");
                var result = size.executeQuery()) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the dataset's size", e);
        }
    }

    @Override
    public void afterBulkLoad(Store store) {
        try (Connection connection = store.connect();
                var statement = connection.createStatement()) {
            statement.execute("VACUUM (ANALYZE) events");
        } catch (SQLException e) {
            throw new IllegalStateException("VACUUM ANALYZE failed", e);
        }
    }

    @Override
    public double rawBatch(String name, List<NewEvent> events, int perTransaction) throws Exception {
        try (Store store = fresh(name, 2, true)) {
            List<String> chunks = copyChunks(store, events, perTransaction);
            try (Connection connection = store.connect()) {
                connection.setAutoCommit(false);
                var copy = connection.unwrap(PGConnection.class).getCopyAPI();
                long start = System.nanoTime();
                for (String chunk : chunks) {
                    copy.copyIn(COPY, new StringReader(chunk));
                    connection.commit();
                }
                return events.size() * 1e9 / (System.nanoTime() - start);
            }
        }
    }

    @Override
    public OptionalDouble rawBatchHelped(String name, List<NewEvent> events, int perTransaction) {
        return OptionalDouble.empty();
    }

    @Override
    public double naive(String name, List<NewEvent> events, Duration budget) throws Exception {
        try (Store store = fresh(name, 2, true)) {
            List<Object[]> rows = rows(store, events);
            try (Connection connection = store.connect();
                    PreparedStatement insert = connection.prepareStatement(RawSqlite.INSERT)) {
                long start = System.nanoTime();
                long deadline = start + budget.toNanos();
                long done = 0;
                for (Object[] row : rows) {
                    for (int c = 0; c < row.length; c++) {
                        Object value = value(c, row[c]);
                        insert.setObject(
                                c + 1,
                                value instanceof Instant instant
                                        ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)
                                        : value);
                    }
                    insert.executeUpdate();
                    done++;
                    if (System.nanoTime() > deadline) {
                        break;
                    }
                }
                return done * 1e9 / (System.nanoTime() - start);
            }
        }
    }

    /** The rows Attest's store writes for {@code events} (seq from 1) in a new organization of {@code store}. */
    private List<Object[]> rows(Store store, List<NewEvent> events) {
        OrganizationId organization = new Onboarding(store.storage().organizations(), clock)
                .create("Baseline")
                .organization()
                .id();
        Instant receivedAt = EventParser.truncateToMicros(clock.instant());
        var rows = new ArrayList<Object[]>(events.size());
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = Bodies.withId(events.get(i), "a" + EventMix.pad(i, 17));
            rows.add(RawSqlite.row(organization, i + 1, receivedAt, event));
        }
        return rows;
    }

    /** The rows in COPY's text format, {@code perTransaction} to a chunk, made before the clock starts. */
    private List<String> copyChunks(Store store, List<NewEvent> events, int perTransaction) {
        List<Object[]> rows = rows(store, events);
        var chunks = new ArrayList<String>();
        var chunk = new CopyText();
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            for (int c = 0; c < row.length; c++) {
                chunk.field(value(c, row[c]));
            }
            chunk.endRow();
            if (chunk.rows() == perTransaction || i + 1 == rows.size()) {
                chunks.add(chunk.text());
                chunk = new CopyText();
            }
        }
        return chunks;
    }

    /** A SQLite row's value as this store writes it: the critical flag a boolean, times an instant. */
    private static @Nullable Object value(int column, @Nullable Object value) {
        return switch (column) {
            case CRITICAL -> ((Integer) Objects.requireNonNull(value)) != 0;
            case OCCURRED_AT, RECEIVED_AT -> {
                long micros = (Long) Objects.requireNonNull(value);
                yield Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
            }
            default -> value;
        };
    }

    private Store open(String schema, int connections, boolean integrity, boolean temporary, Path directory) {
        String url = url(schema);
        PostgresStorage storage = PostgresStorage.open(PostgresStorage.Settings.of(DatabaseUrl.parse(url))
                .poolSize(connections)
                .integrity(integrity)
                .clock(clock));
        return new Schema(storage, directory, url, temporary ? schema : null);
    }

    private String url(String schema) {
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String schema(String name) {
        return "bench_" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    private void execute(String... statements) {
        try (Connection connection = DriverManager.getConnection(base);
                var statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + base + ": " + e.getMessage(), e);
        }
    }

    /** A schema with its storage; a fresh one is dropped when closed, with the directory of its checkpoint key. */
    private final class Schema implements Store {
        private final PostgresStorage storage;
        private final Path directory;
        private final String url;
        private final @Nullable String dropOnClose;

        Schema(PostgresStorage storage, Path directory, String url, @Nullable String dropOnClose) {
            this.storage = storage;
            this.directory = directory;
            this.url = url;
            this.dropOnClose = dropOnClose;
        }

        @Override
        public PostgresStorage storage() {
            return storage;
        }

        @Override
        public Path directory() {
            return directory;
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public void close() {
            storage.close();
            if (dropOnClose != null) {
                execute("DROP SCHEMA IF EXISTS " + dropOnClose + " CASCADE");
                try {
                    Bench.delete(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
