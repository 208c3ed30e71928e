package dev.attest.storage.postgres;

import dev.attest.core.event.Event;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.ApiKey;
import dev.attest.storage.testkit.LegacyApiKeys;
import dev.attest.storage.testkit.LegacyEvents;
import dev.attest.storage.testkit.TestEvents;
import java.security.SecureRandom;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Upgrading a database keeps every event's bytes, and so its leaf hash. */
class PostgresMigrationTest {
    @Test
    void open_version3Database_servesEveryEventWithTheBytesItWasHashedFrom() {
        String url = TestDatabases.freshSchema(TestDatabases.embedded());
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/postgresql")
                .target("3")
                .load()
                .migrate();
        Jdbi jdbi = Jdbi.create(url);
        new PostgresDialect(null).configure(jdbi);
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
                // The events are received a minute after T0, which may be the next month's partition.
                handle.createQuery("SELECT attest_ensure_events_partition(?)")
                        .bind(0, event.receivedAt())
                        .mapTo(String.class)
                        .one();
                handle.execute(
                        "INSERT INTO events (" + LegacyEvents.COLUMNS + ") VALUES (" + "?, ".repeat(21)
                                + "CAST(? AS jsonb), ?, ?)",
                        LegacyEvents.row(event));
            }
        });

        try (var storage = TestDatabases.open(url, 2)) {
            LegacyEvents.assertMigrated(storage, events);
        }
    }

    @Test
    void open_version5Database_keepsTheOrganizationsKeyWithEveryScope() {
        String url = TestDatabases.freshSchema(TestDatabases.embedded());
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/postgresql")
                .target("5")
                .javaMigrations(new PostgresDialect(null).javaMigrations().toArray(JavaMigration[]::new))
                .load()
                .migrate();
        Jdbi jdbi = Jdbi.create(url);
        new PostgresDialect(null).configure(jdbi);
        var org = new OrganizationId("org_legacy");
        ApiKey key = ApiKey.generate(new SecureRandom());
        jdbi.useHandle(
                handle -> LegacyApiKeys.rows(org, key).forEach(row -> handle.execute(row.sql(), row.arguments())));

        try (var storage = TestDatabases.open(url, 2)) {
            LegacyApiKeys.assertMigrated(storage, org, key);
        }
    }
}
