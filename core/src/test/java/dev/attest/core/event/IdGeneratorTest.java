package dev.attest.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {
    @Test
    void ulid_isCrockfordBase32AndSortsByTime() {
        var early = new IdGenerator(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        var late = new IdGenerator(Clock.fixed(Instant.parse("2026-01-01T00:00:00.001Z"), ZoneOffset.UTC));

        String first = early.ulid();
        String second = late.ulid();

        assertThat(first).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(first.substring(0, 10)).isLessThan(second.substring(0, 10));
    }

    @Test
    void ulid_sameMillisecond_stillUnique() {
        var ids = new IdGenerator(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        var seen = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(ids.ulid())).isTrue();
        }
    }

    @Test
    void newIds_carryTheirPrefix() {
        var ids = new IdGenerator(Clock.systemUTC());
        assertThat(ids.newEventId().value()).startsWith("evt_");
        assertThat(ids.newOrganizationId().value()).startsWith("org_");
    }
}
