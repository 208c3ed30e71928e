package dev.attest.core.store;

import java.util.function.Function;

/**
 * One storage backend, opened: its stores share one database. Closing it releases connections after every pending
 * write has committed. Thread-safe.
 */
public interface Storage extends Stores, AutoCloseable {
    /**
     * Runs {@code work} in one durable transaction and returns its result after the commit: a change to the
     * organization's administration and the event that records it are stored together or not at all. Use it for any
     * change that must be recorded in the log (DESIGN.md §7); plain reads and single writes need no transaction.
     *
     * <p>The work must reach the database only through the {@link Transaction} it is given (a store of this
     * {@code Storage} itself would wait for the transaction's connection), must be short (on SQLite it holds the only
     * write connection), and should have no effects outside the database: they would stay when the transaction is
     * rolled back.
     *
     * @throws RuntimeException whatever the work threw; the transaction is rolled back then
     */
    <R> R inTransaction(Function<Transaction, R> work);

    /** Whether the database answers; for readiness checks. */
    boolean isHealthy();

    @Override
    void close();
}
