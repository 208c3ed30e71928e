package dev.attest.cli;

import dev.attest.core.store.Storage;
import dev.attest.storage.postgres.DatabaseUrl;
import dev.attest.storage.postgres.PostgresStorage;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the data lives. The data directory ({@code --data}, else {@code ATTEST_DATA_DIR}, else {@code ./data}) always
 * holds the checkpoint signing key, and holds the embedded SQLite database unless a PostgreSQL database is named
 * ({@code --database-url}, else {@code ATTEST_DATABASE_URL}).
 */
final class DataOptions {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Data directory (default: $ATTEST_DATA_DIR, else ./data).")
    @Nullable
    Path data;

    @Option(
            names = "--database-url",
            paramLabel = "URL",
            description = "PostgreSQL database, postgresql://user:pass@host:port/db or jdbc:postgresql://… "
                    + "(default: $ATTEST_DATABASE_URL, else SQLite in the data directory).")
    @Nullable
    String databaseUrl;

    Path directory() {
        if (data != null) {
            return data;
        }
        String fromEnvironment = System.getenv("ATTEST_DATA_DIR");
        return Path.of(fromEnvironment == null || fromEnvironment.isBlank() ? "data" : fromEnvironment);
    }

    /** The PostgreSQL database chosen, if any. */
    @Nullable
    DatabaseUrl database() {
        String url = databaseUrl != null ? databaseUrl : System.getenv("ATTEST_DATABASE_URL");
        return url == null || url.isBlank() ? null : DatabaseUrl.parse(url);
    }

    /**
     * Opens the chosen database, migrating its schema.
     *
     * @param sqliteReaders how many reader connections SQLite gets; PostgreSQL's pool is sized by
     *     {@code ATTEST_DATABASE_POOL_SIZE}
     * @param clock decides which months' partitions PostgreSQL makes ahead
     */
    Storage open(int sqliteReaders, Clock clock) {
        DatabaseUrl database = database();
        return database == null
                ? SqliteStorage.open(directory(), sqliteReaders)
                : PostgresStorage.open(PostgresStorage.Settings.of(database).clock(clock));
    }

    /** Where the data is, for messages; never shows a password. */
    String describe() {
        DatabaseUrl database = database();
        return database == null
                ? directory().toAbsolutePath().normalize().toString()
                : "PostgreSQL " + database + ", key in "
                        + directory().toAbsolutePath().normalize();
    }
}
