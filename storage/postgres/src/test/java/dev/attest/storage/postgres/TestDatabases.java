package dev.attest.storage.postgres;

import dev.attest.testing.TestClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Real PostgreSQL servers for tests: an embedded one started once per JVM, or the machine's own at 127.0.0.1:5432
 * (trust auth, user postgres) when it runs. Each test gets a fresh schema of its own, so tests never see each other's
 * rows and need no cleanup.
 */
final class TestDatabases {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static @Nullable EmbeddedPostgres embedded;

    private TestDatabases() {}

    /** The JDBC URL of a database on the embedded server, started on first use and stopped when the JVM exits. */
    static synchronized String embedded() {
        if (embedded == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        // The JVM is exiting; the data directory is a temporary one anyway.
                    }
                }));
                embedded = started;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return embedded.getJdbcUrl("postgres", "postgres");
    }

    /** Whether the machine's PostgreSQL answers at 127.0.0.1:5432. */
    static boolean localIsReachable() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5432), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A scratch database on the machine's PostgreSQL, created if missing. */
    static String local() {
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        try (var connection = DriverManager.getConnection(admin);
                var statement = connection.createStatement();
                var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'attest_contract'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE attest_contract");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the scratch database: " + e.getMessage(), e);
        }
        return "jdbc:postgresql://127.0.0.1:5432/attest_contract?user=postgres";
    }

    /** A new, empty schema in the database at {@code jdbcUrl}; the returned URL makes it the current schema. */
    static String freshSchema(String jdbcUrl) {
        String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        try (var connection = DriverManager.getConnection(jdbcUrl);
                var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The storage in the schema at {@code schemaUrl}, on the tests' clock ({@link TestClock}). */
    static PostgresStorage open(String schemaUrl, int poolSize) {
        return PostgresStorage.open(PostgresStorage.Settings.of(DatabaseUrl.parse(schemaUrl))
                .poolSize(poolSize)
                .clock(TestClock.clock()));
    }
}
