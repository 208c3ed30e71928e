package dev.attest.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.InvalidEventException;
import dev.attest.core.event.Limits;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.Storage;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's own events are held to the producers' limits, the size of an event among them. */
class ConsoleAuditTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    Storage storage;
    Sequencer sequencer;
    ConsoleAudit audit;
    OrganizationId org;

    @BeforeEach
    void open() {
        storage = SqliteStorage.open(data, 2);
        sequencer = new Sequencer(storage.events(), CLOCK, 1_000, 1_000);
        audit = new ConsoleAudit(new EventParser(CLOCK, new IdGenerator(CLOCK)), sequencer);
        org = new Onboarding(storage.organizations(), CLOCK)
                .create("Acme")
                .organization()
                .id();
    }

    @AfterEach
    void close() {
        sequencer.close();
        storage.close();
    }

    private static Map<String, Object> export(String filter) {
        var event = new LinkedHashMap<String, Object>();
        event.put("action", "log.export");
        event.put("actor", Map.of("type", "member", "id", "usr_1"));
        event.put("target", Map.of("type", "organization", "id", "org_1"));
        event.put("payload", Map.of("format", "csv", "filter", filter));
        return event;
    }

    @Test
    void record_eventLargerThanTheLimit_isRefusedAndNotStored() {
        Map<String, Object> huge = export("q=" + "x".repeat(Limits.MAX_EVENT_BYTES));

        assertThatThrownBy(() -> audit.record(org, huge))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.violations().getFirst().detail())
                                .startsWith("event is ")
                                .endsWith("bytes; at most 32768 are allowed"));
        assertThat(storage.events().size(org)).isZero();
    }

    @Test
    void record_eventWithinTheLimit_isStored() {
        audit.record(org, export("q=" + "x".repeat(Limits.MAX_EVENT_BYTES - 500)));

        assertThat(storage.events().size(org)).isEqualTo(1);
    }
}
