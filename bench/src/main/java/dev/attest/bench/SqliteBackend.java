package dev.attest.bench;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** The embedded default: each store a directory holding {@code attest.db}, as {@code attest serve --data DIR} has it. */
final class SqliteBackend implements Backend {
    private final Path scratch;
    private final Clock clock;

    SqliteBackend(Path scratch, Clock clock) {
        this.scratch = scratch;
        this.clock = clock;
    }

    @Override
    public String rawBatchWay() {
        return "JDBC batch INSERT";
    }

    @Override
    public Store fresh(String name, int connections, boolean integrity) {
        Path directory = emptyDirectory(name);
        return new Database(SqliteStorage.open(directory, connections, integrity), directory, true);
    }

    @Override
    public Store kept(Path directory, long events, int connections) {
        return new Database(SqliteStorage.open(directory, connections), directory, false);
    }

    @Override
    public long bytesOnDisk(Store store) {
        long bytes = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path file = store.directory().resolve(SqliteStorage.FILE_NAME + suffix);
            try {
                bytes += Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes;
    }

    @Override
    public void afterBulkLoad(Store store) {
        // The store keeps its own statistics (PRAGMA optimize on open); nothing to do.
    }

    @Override
    public double rawBatch(String name, List<NewEvent> events, int perTransaction) throws Exception {
        return inDirectory(name, events, (dir, rows) -> RawSqlite.batched(dir, rows, perTransaction));
    }

    @Override
    public OptionalDouble rawBatchHelped(String name, List<NewEvent> events, int perTransaction) throws Exception {
        return OptionalDouble.of(inDirectory(
                name, events, (dir, rows) -> RawSqlite.batchedCheckpointingAside(dir, rows, perTransaction)));
    }

    @Override
    public double naive(String name, List<NewEvent> events, Duration budget) throws Exception {
        return inDirectory(name, events, (dir, rows) -> RawSqlite.naive(dir, rows, budget));
    }

    private interface Baseline {
        RawSqlite.Run run(Path directory, List<Object[]> rows) throws Exception;
    }

    /** Runs {@code baseline} over the events' rows in a fresh database, which is deleted afterwards. */
    private double inDirectory(String name, List<NewEvent> events, Baseline baseline) throws Exception {
        Path directory = emptyDirectory(name);
        try {
            return baseline.run(directory, rows(directory, events)).eventsPerSecond();
        } finally {
            Bench.delete(directory);
        }
    }

    /** A fresh database with Attest's schema and one organization, and the events' rows for it, seq from 1. */
    private List<Object[]> rows(Path directory, List<NewEvent> events) {
        OrganizationId organization = RawSqlite.freshDatabase(directory, clock);
        Instant receivedAt = EventParser.truncateToMicros(clock.instant());
        var rows = new ArrayList<Object[]>(events.size());
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = Bodies.withId(events.get(i), "a" + EventMix.pad(i, 17));
            rows.add(RawSqlite.row(organization, i + 1, receivedAt, event));
        }
        return rows;
    }

    private Path emptyDirectory(String name) {
        Path directory = scratch.resolve(name);
        try {
            Bench.delete(directory);
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directory;
    }

    /** A directory with its database; a fresh one is deleted when closed. */
    private record Database(SqliteStorage storage, Path directory, boolean temporary) implements Store {
        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(
                    "jdbc:sqlite:" + directory.resolve(SqliteStorage.FILE_NAME).toAbsolutePath());
        }

        @Override
        public void close() {
            storage.close();
            if (temporary) {
                try {
                    Bench.delete(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
