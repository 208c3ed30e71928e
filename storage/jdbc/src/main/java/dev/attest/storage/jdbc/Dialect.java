package dev.attest.storage.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    /**
     * A condition true when the text {@code column} contains a lower-case string, bound as
     * {@link #containsArgument}.
     */
    String contains(String column);

    /** What {@link #contains} binds for {@code text}: the string itself, or a pattern of it. */
    default Object containsArgument(String text) {
        return text;
    }

    /**
     * Where a page of events containing the lower-case {@code text} should start, when this database has a text index
     * and {@code text} is rare enough that reading all its matches costs less than walking the filter's index and
     * testing every event; empty otherwise (the page then scans with {@link #contains}, which stays in the query in both
     * cases, so the index can only narrow the rows read, never change them).
     */
    default Optional<TextMatches> textMatches(Handle handle, String text) {
        return Optional.empty();
    }

    /**
     * Rows of {@code events} found through a text index: a {@code FROM} clause that joins them to {@code events}, and
     * the one argument it binds (first, before the filters').
     */
    record TextMatches(String from, Object argument) {}

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
