package dev.attest.bench;

import dev.attest.core.event.NewEvent;
import dev.attest.core.store.Storage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Where a run's stores live — files of the embedded SQLite, or schemas of one PostgreSQL database — and the raw
 * baselines Attest is measured against on that same database. Every phase of {@link Bench} runs through one, so that
 * {@code bench/run sqlite} and {@code bench/run postgres} measure the same things the same way.
 */
sealed interface Backend permits SqliteBackend, PostgresBackend {
    /** How (a) writes its rows, for the report: {@code JDBC batch INSERT} or {@code COPY}. */
    String rawBatchWay();

    /**
     * A new, empty store: SQLite a new directory under the scratch directory, PostgreSQL a new schema; removed again
     * when closed.
     *
     * @param connections readers (SQLite) or pooled connections (PostgreSQL)
     * @param integrity whether the store computes leaf hashes and Merkle trees; only the integrity phase turns it off
     */
    Store fresh(String name, int connections, boolean integrity);

    /** The query dataset's store, kept between runs and made if missing; {@code directory} keeps its notes. */
    Store kept(Path directory, long events, int connections);

    /** What the dataset's database takes on disk, tables and indexes. */
    long bytesOnDisk(Store store);

    /**
     * Readies a bulk-loaded store for queries, as autovacuum would within a minute (PostgreSQL: {@code VACUUM
     * (ANALYZE)}; a table without statistics sorts the whole log for every page).
     */
    void afterBulkLoad(Store store);

    /**
     * (a) the events' rows, exactly as Attest's store writes them, by the fastest plain way this database has, in
     * transactions of {@code perTransaction} rows, into a fresh store; events per second.
     */
    double rawBatch(String name, List<NewEvent> events, int perTransaction) throws Exception;

    /**
     * (a') as {@link #rawBatch} with the database helped as Attest's writer is helped, where the two differ (SQLite:
     * WAL checkpoints by another connection, ADR 0004); empty where they do not.
     */
    OptionalDouble rawBatchHelped(String name, List<NewEvent> events, int perTransaction) throws Exception;

    /** (c) one INSERT and one commit per event, the same rows, until {@code budget} is spent; events per second. */
    double naive(String name, List<NewEvent> events, Duration budget) throws Exception;

    /** One store of a run: Attest's storage over it, and plain JDBC to the same database for the raw cursors. */
    interface Store extends AutoCloseable {
        Storage storage();

        /** Where the checkpoint key (and for SQLite, the database) lives. */
        Path directory();

        /** A plain JDBC connection to the same database, with the store's tables on its search path. */
        Connection connect() throws SQLException;

        /** Closes the storage; a fresh store is removed too. */
        @Override
        void close();
    }
}
