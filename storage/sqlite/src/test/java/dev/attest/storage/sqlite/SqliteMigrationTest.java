package dev.attest.storage.sqlite;

import dev.attest.core.event.Event;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.ApiKey;
import dev.attest.storage.testkit.LegacyApiKeys;
import dev.attest.storage.testkit.LegacyEvents;
import dev.attest.storage.testkit.TestEvents;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Upgrading an installation's file keeps every event's bytes, and so its leaf hash. */
class SqliteMigrationTest {
    @TempDir
    Path dataDirectory;

    @Test
    void open_version3File_servesEveryEventWithTheBytesItWasHashedFrom() {
        var source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dataDirectory.resolve(SqliteStorage.FILE_NAME));
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/sqlite")
                .target("3")
                .load()
                .migrate();
        Jdbi jdbi = Jdbi.create(source);
        new SqliteDialect().configure(jdbi);
        var org = new OrganizationId("org_legacy");
        List<Event> events = LegacyEvents.events(org);
        jdbi.useHandle(handle -> {
            handle.execute(
                    "INSERT INTO organizations (id, name, created_at, log_size) VALUES (?, ?, ?, ?)",
                    org.value(),
                    "Legacy",
                    TestEvents.T0,
                    events.size());
            for (Event event : events) {
                handle.execute(
                        "INSERT INTO events (" + LegacyEvents.COLUMNS + ") VALUES (" + "?, ".repeat(23) + "?)",
                        LegacyEvents.row(event));
            }
        });

        try (var storage = SqliteStorage.open(dataDirectory, 1)) {
            LegacyEvents.assertMigrated(storage, events);
        }
    }

    @Test
    void open_version6File_keepsTheOrganizationsKeyWithEveryScope() {
        var source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dataDirectory.resolve(SqliteStorage.FILE_NAME));
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/sqlite")
                .target("6")
                .javaMigrations(new SqliteDialect().javaMigrations().toArray(JavaMigration[]::new))
                .load()
                .migrate();
        Jdbi jdbi = Jdbi.create(source);
        new SqliteDialect().configure(jdbi);
        var org = new OrganizationId("org_legacy");
        ApiKey key = ApiKey.generate(new SecureRandom());
        jdbi.useHandle(
                handle -> LegacyApiKeys.rows(org, key).forEach(row -> handle.execute(row.sql(), row.arguments())));

        try (var storage = SqliteStorage.open(dataDirectory, 1)) {
            LegacyApiKeys.assertMigrated(storage, org, key);
        }
    }
}
