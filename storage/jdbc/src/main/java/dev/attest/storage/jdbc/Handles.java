package dev.attest.storage.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Where a store's statements run: on pooled connections, each call its own (a store of {@link JdbcStorage}), or on the
 * one connection of an open transaction (a store of {@link JdbcTransaction}). Stores are written once against this.
 */
abstract sealed class Handles {
    /** Runs a read. */
    abstract <R> R read(HandleCallback<R, RuntimeException> work);

    /** Runs reads that must see one state of the database (a page and the snapshot it is bounded by). */
    abstract <R> R readTogether(HandleCallback<R, RuntimeException> work);

    /** Runs writes that commit together. */
    abstract <R> R write(HandleCallback<R, RuntimeException> work);

    /** Runs {@code action} once what was written has committed: now, or when the open transaction commits. */
    abstract void afterCommit(Runnable action);

    /** Each call on a pooled connection: reads on the readers' pool, writes in a transaction of their own. */
    static final class Pooled extends Handles {
        private final Jdbi writer;
        private final Jdbi readers;

        Pooled(Jdbi writer, Jdbi readers) {
            this.writer = writer;
            this.readers = readers;
        }

        @Override
        <R> R read(HandleCallback<R, RuntimeException> work) {
            return readers.withHandle(work);
        }

        @Override
        <R> R readTogether(HandleCallback<R, RuntimeException> work) {
            return readers.inTransaction(work);
        }

        @Override
        <R> R write(HandleCallback<R, RuntimeException> work) {
            return writer.inTransaction(work);
        }

        @Override
        void afterCommit(Runnable action) {
            action.run();
        }
    }

    /** Every call on the connection of one open transaction. Not thread-safe. */
    static final class InTransaction extends Handles {
        private final Handle handle;
        private final List<Runnable> afterCommit = new ArrayList<>();

        InTransaction(Handle handle) {
            this.handle = handle;
        }

        @Override
        <R> R read(HandleCallback<R, RuntimeException> work) {
            return work.withHandle(handle);
        }

        @Override
        <R> R readTogether(HandleCallback<R, RuntimeException> work) {
            return work.withHandle(handle);
        }

        @Override
        <R> R write(HandleCallback<R, RuntimeException> work) {
            return work.withHandle(handle);
        }

        @Override
        void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        /** Runs what waited for the commit; call once the transaction committed. */
        void committed() {
            afterCommit.forEach(Runnable::run);
        }
    }
}
