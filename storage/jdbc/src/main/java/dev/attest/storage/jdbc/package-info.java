/**
 * Everything storage does the same way on SQLite and PostgreSQL: the stores' SQL and row mapping, the read side of
 * the event log, the append algorithm (locks, idempotency, seq, leaf hashes, tree nodes), transactions and migrations.
 * What really differs between the databases sits behind {@link dev.attest.storage.jdbc.Dialect}: how instants are
 * stored, how rows are locked, how events are written in bulk, a few SQL functions. A backend module holds its dialect,
 * its migrations and what only it has (PostgreSQL's partitions). {@link dev.attest.storage.jdbc.JdbcStorage} is the
 * entry point; everything else here is package-private.
 */
@NullMarked
package dev.attest.storage.jdbc;

import org.jspecify.annotations.NullMarked;
