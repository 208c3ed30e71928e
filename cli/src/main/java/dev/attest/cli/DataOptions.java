package dev.attest.cli;

import dev.attest.core.store.Storage;
import dev.attest.storage.postgres.DatabaseUrl;
import dev.attest.storage.postgres.PostgresStorage;
import dev.attest.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the data lives. The data directory ({@code --data}, else {@code ATTEST_DATA_DIR}, else {@code ./data}) always
 * holds the checkpoint signing key, and holds the embedded SQLite database unless a PostgreSQL database is named
 * ({@code --database-url}, else {@code ATTEST_DATABASE_URL}).
 */
final class DataOptions {
    /** How long a PostgreSQL database may take to answer the check made before start. */
    static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(3);

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

    /**
     * Checks, before anything is opened, that the data directory can be used: that it exists or can be made, and is
     * readable and writable by this user, as is the database file in it; and that a PostgreSQL database answers
     * within {@link #DATABASE_TIMEOUT}. Each failure is one line naming the problem and what to do.
     */
    void check() {
        Path directory = directory();
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IllegalStateException(
                    "the data directory " + directory.toAbsolutePath().normalize()
                            + " is a file, not a directory; point --data / ATTEST_DATA_DIR at a directory");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory "
                    + directory.toAbsolutePath().normalize() + ": " + Failures.describe(e)
                    + "; create it, or point --data / ATTEST_DATA_DIR elsewhere");
        }
        if (!Files.isDirectory(directory)
                || !Files.isReadable(directory)
                || !Files.isWritable(directory)
                || !Files.isExecutable(directory)) {
            throw new IllegalStateException(
                    "the data directory " + directory.toAbsolutePath().normalize()
                            + " is not a directory this user can read and write; fix its owner or mode (chown/chmod),"
                            + " or point --data / ATTEST_DATA_DIR elsewhere");
        }
        DatabaseUrl database = database();
        if (database == null) {
            Path file = directory.resolve(SqliteStorage.FILE_NAME);
            if (Files.exists(file) && !(Files.isReadable(file) && Files.isWritable(file))) {
                throw new IllegalStateException(
                        "the database " + file.toAbsolutePath().normalize()
                                + " is not readable and writable by this user; fix its owner or mode (chown/chmod)");
            }
            return;
        }
        var properties = new Properties();
        if (database.user() != null) {
            properties.setProperty("user", database.user());
        }
        if (database.password() != null) {
            properties.setProperty("password", database.password());
        }
        String seconds = String.valueOf(DATABASE_TIMEOUT.toSeconds());
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), properties)) {
            connection.isValid((int) DATABASE_TIMEOUT.toSeconds());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database " + database + ": " + Failures.describe(e)
                    + "; check --database-url / ATTEST_DATABASE_URL, and that PostgreSQL runs and lets this host in");
        }
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
