/**
 * The production backend: PostgreSQL, with events partitioned by month of {@code received_at}, appends by {@code COPY}
 * in one transaction per group commit, and the organization's row lock serializing appends of one log across any
 * number of Attest processes. {@link dev.attest.storage.postgres.PostgresStorage} is the entry point;
 * {@link dev.attest.storage.postgres.SqliteImport} copies an embedded installation into it. Everything else is
 * package-private.
 */
@NullMarked
package dev.attest.storage.postgres;

import org.jspecify.annotations.NullMarked;
