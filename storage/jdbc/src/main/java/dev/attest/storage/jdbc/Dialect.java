package dev.attest.storage.jdbc;

import java.time.Instant;
import java.util.List;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What differs between the databases behind {@link JdbcStorage}. Everything else — every store's SQL and mapping —
 * is written once in this package, so a new store needs no dialect method unless it needs a new database feature.
 * Implementations are thread-safe.
 */
public interface Dialect {
    /** The Flyway location of this database's SQL migrations, e.g. {@code classpath:db/sqlite}. */
    String migrations();

    /** The migrations written in Java, e.g. {@link LeafDataBackfill} with this database's DDL. */
    List<JavaMigration> javaMigrations();

    /**
     * Teaches {@code jdbi} how this database stores instants: bound with {@code bind(i, instant)} and read with
     * {@link Rows#instant}. (SQLite keeps epoch microseconds in an {@code INTEGER}, PostgreSQL a {@code timestamptz}.)
     */
    void configure(Jdbi jdbi);

    /**
     * What follows a {@code SELECT} of organizations' rows to lock them until the transaction ends ({@code FOR UPDATE}),
     * or nothing where a write transaction already excludes every other writer (SQLite's {@code BEGIN IMMEDIATE}).
     */
    String lockRows();

    /**
     * The condition {@code seq <= ?} that bounds a page to its snapshot, written so that the planner still walks the
     * filter's index newest first rather than the primary key.
     */
    String snapshotBound();

    /**
     * Whether a page of several actions is faster as one ordered subquery per action merged ({@code UNION ALL}) than
     * as one {@code action IN (…)} (SQLite: the IN makes it walk the time index and test every event).
     */
    boolean unionPerAction();

    /** A condition true when the text {@code column} contains the bound (lower-case) string. */
    String contains(String column);

    /** An expression of the epoch microseconds of the instant {@code column}. */
    String epochMicros(String column);

    /**
     * A query of {@code id, seq} of the events of one organization whose id is one of {@code count} ids: the ids are
     * bound first (positions 0 … count-1), the organization last. An append runs it for every group, so its plan
     * must not depend on statistics: one probe of the unique {@code (organization_id, id)} index per id.
     */
    default String storedIds(int count) {
        return "SELECT id, seq FROM events WHERE id IN (" + "?, ".repeat(count - 1) + "?) AND organization_id = ?";
    }

    /** Writes new events' rows in the transaction of {@code handle}, in bulk (batched INSERT, COPY …). */
    void insertEvents(Handle handle, List<EventRow> rows);

    /**
     * Prepares the database to take events received at these instants, outside any append transaction (PostgreSQL
     * creates a missing month partition). Nothing by default.
     */
    default void prepareAppend(List<Instant> receivedAt) {}
}
