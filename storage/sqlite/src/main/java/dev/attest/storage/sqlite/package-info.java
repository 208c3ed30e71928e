/**
 * The embedded default backend: one SQLite file under the data directory, in WAL mode with
 * {@code synchronous=FULL}, one writer connection (the sequencer's) and a small pool of readers.
 * {@link dev.attest.storage.sqlite.SqliteStorage} is the entry point; everything else is package-private.
 */
@NullMarked
package dev.attest.storage.sqlite;

import org.jspecify.annotations.NullMarked;
