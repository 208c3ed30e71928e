package dev.attest.bench;

import dev.attest.core.catalog.Catalog;
import dev.attest.core.event.Event;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Target;
import dev.attest.core.log.LeafHashes;
import dev.attest.core.org.Onboarding;
import dev.attest.integrity.MerkleHash;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * The baselines: the rows Attest would store, written by plain JDBC into a database whose schema and indexes Attest's
 * own migrations created, with the same connection settings as Attest's writer (WAL, {@code synchronous=FULL},
 * foreign keys on). What is left between these figures and Attest's is Attest: HTTP, JSON, validation, sequencing.
 */
final class RawSqlite {
    static final String INSERT = "INSERT INTO events (organization_id, seq, id, action, category, critical,"
            + " occurred_at, received_at, actor_type, actor_id, actor_name, actor_email, actor_role, target_type,"
            + " target_id, target_name, outcome, workspace, ip, user_agent, request_id, search_text, leaf_data,"
            + " leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private RawSqlite() {}

    /** What a baseline wrote and how long it took. */
    record Run(long events, long nanos) {
        double eventsPerSecond() {
            return events * 1e9 / nanos;
        }
    }

    /**
     * A fresh database in {@code directory}, migrated by {@link SqliteStorage#open} so that it has exactly Attest's
     * schema, holding one organization; returns that organization.
     */
    static OrganizationId freshDatabase(Path directory, Clock clock) {
        try (SqliteStorage storage = SqliteStorage.open(directory, 1)) {
            return new Onboarding(storage.organizations(), clock)
                    .create("Baseline")
                    .organization()
                    .id();
        }
    }

    /** The columns of {@code event} in {@link #INSERT} order, as Attest's store binds them, leaf hash included. */
    static Object[] row(OrganizationId organization, long seq, Instant receivedAt, NewEvent event) {
        Target target = event.target();
        byte[] canonical = LeafHashes.canonicalBytes(Event.of(organization, seq, receivedAt, event, null));
        return new Object[] {
            organization.value(),
            seq,
            event.id().value(),
            event.action(),
            event.category(),
            Catalog.standard().isCritical(event.action()) ? 1 : 0,
            micros(event.occurredAt()),
            micros(receivedAt),
            event.actor().type().wire(),
            event.actor().id(),
            event.actor().name(),
            event.actor().email(),
            event.actor().role(),
            target == null ? null : target.type(),
            target == null ? null : target.id(),
            target == null ? null : target.name(),
            event.outcome().wire(),
            event.workspace(),
            event.context().ip(),
            event.context().userAgent(),
            event.context().requestId(),
            searchText(event),
            canonical,
            MerkleHash.leaf(canonical)
        };
    }

    private static String searchText(NewEvent event) {
        Target target = event.target();
        return Stream.of(
                        event.actor().name(),
                        event.actor().email(),
                        target == null ? null : target.name(),
                        event.action())
                .filter(s -> s != null)
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("\n"));
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** (a) Prepared-statement batches, {@code perTransaction} rows per commit. */
    static Run batched(Path directory, List<Object[]> rows, int perTransaction) throws SQLException {
        return batched(directory, rows, perTransaction, false);
    }

    /**
     * (a') As {@link #batched(Path, List, int)}, with the WAL checkpointed as Attest's writer has it since issue 14: a
     * high {@code wal_autocheckpoint} on the inserting connection and a passive checkpoint every 250 ms from another.
     */
    static Run batchedCheckpointingAside(Path directory, List<Object[]> rows, int perTransaction) throws SQLException {
        return batched(directory, rows, perTransaction, true);
    }

    private static Run batched(Path directory, List<Object[]> rows, int perTransaction, boolean checkpointAside)
            throws SQLException {
        ScheduledExecutorService checkpoints = Executors.newSingleThreadScheduledExecutor();
        try (Connection connection = connect(directory, checkpointAside);
                Connection checkpointer = connect(directory, false);
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            if (checkpointAside) {
                var unused = checkpoints.scheduleWithFixedDelay(
                        () -> {
                            try (var statement = checkpointer.createStatement()) {
                                statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        250,
                        250,
                        TimeUnit.MILLISECONDS);
            }
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            for (int from = 0; from < rows.size(); from += perTransaction) {
                int to = Math.min(rows.size(), from + perTransaction);
                for (int i = from; i < to; i++) {
                    bind(insert, rows.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            }
            return new Run(rows.size(), System.nanoTime() - start);
        } finally {
            checkpoints.shutdown();
            try {
                checkpoints.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** (c) One INSERT and one commit per event, until {@code budget} is spent or the rows run out. */
    static Run naive(Path directory, List<Object[]> rows, Duration budget) throws SQLException {
        try (Connection connection = connect(directory, false);
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            connection.setAutoCommit(true);
            long start = System.nanoTime();
            long deadline = start + budget.toNanos();
            long done = 0;
            for (Object[] row : rows) {
                bind(insert, row);
                insert.executeUpdate();
                done++;
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            return new Run(done, System.nanoTime() - start);
        }
    }

    private static void bind(PreparedStatement insert, Object[] row) throws SQLException {
        for (int c = 0; c < row.length; c++) {
            insert.setObject(c + 1, row[c]);
        }
    }

    /**
     * A connection set up as Attest's writer was before issue 14, or as it is now ({@code checkpointAside}: it leaves
     * checkpoints to another connection up to 20,000 WAL pages).
     */
    private static Connection connect(Path directory, boolean checkpointAside) throws SQLException {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        if (checkpointAside) {
            sqlite.setWalAutocheckpoint(20_000);
        }
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(10_000);
        sqlite.enforceForeignKeys(true);
        sqlite.setCacheSize(-64_000);
        sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return sqlite.createConnection(
                "jdbc:sqlite:" + directory.resolve(SqliteStorage.FILE_NAME).toAbsolutePath());
    }
}
