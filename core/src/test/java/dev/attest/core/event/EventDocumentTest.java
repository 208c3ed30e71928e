package dev.attest.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventDocumentTest {
    @Test
    void timestamp_millisecondsMicrosecondsAndFiner_oneTextAsStored() {
        assertThat(EventDocument.timestamp(Instant.parse("2026-11-27T10:15:02Z")))
                .isEqualTo("2026-11-27T10:15:02.000Z");
        assertThat(EventDocument.timestamp(Instant.parse("2026-11-27T10:15:02.120Z")))
                .isEqualTo("2026-11-27T10:15:02.120Z");
        assertThat(EventDocument.timestamp(Instant.parse("2026-11-27T10:15:02.123456Z")))
                .isEqualTo("2026-11-27T10:15:02.123456Z");
        // Storage keeps microseconds: an instant with 500 ns more must read the same before and after storing.
        assertThat(EventDocument.timestamp(Instant.parse("2026-11-27T10:15:02.123000500Z")))
                .isEqualTo("2026-11-27T10:15:02.123Z");
    }

    @Test
    void timestampAndInstant_agreeWithTheJdksFormatterAndParser_overRandomInstantsAndTheEdges() {
        var millis = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        var micros = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        var random = new SplittableRandom(3339);
        var instants = new ArrayList<>(List.of(
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"),
                Instant.parse("2024-02-29T23:59:59.999Z"),
                Instant.parse("1969-12-31T23:59:59.000001Z"),
                Instant.EPOCH));
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long nanos = switch (i % 3) {
                case 0 -> random.nextInt(1_000) * 1_000_000L;
                case 1 -> random.nextInt(1_000_000) * 1_000L;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(random.nextLong(first, last + 1), nanos));
        }

        for (Instant instant : instants) {
            Instant stored = EventParser.truncateToMicros(instant);
            String expected = (stored.getNano() % 1_000_000 == 0 ? millis : micros).format(stored);
            assertThat(EventDocument.timestamp(instant)).as("%s", instant).isEqualTo(expected);
            assertThat(EventDocument.instant(expected)).as(expected).isEqualTo(stored);
        }
    }

    @Test
    void instant_textsNotInTheStoredForm_goToTheJdksParser() {
        assertThat(EventDocument.instant("2026-11-27T10:15:02Z")).isEqualTo(Instant.parse("2026-11-27T10:15:02Z"));
        assertThat(EventDocument.instant("2026-11-27T10:15:02.1Z")).isEqualTo(Instant.parse("2026-11-27T10:15:02.1Z"));
        for (String bad : List.of(
                "2026-02-30T10:15:02.000Z",
                "2026-13-01T10:15:02.000Z",
                "2026-11-27T24:15:02.000Z",
                "2026-11-27T10:60:02.000Z",
                "2026-11-27T10:15:02.0a0Z",
                "2026-1x-27T10:15:02.000Z",
                "+026-11-27T10:15:02.000Z")) {
            assertThatThrownBy(() -> EventDocument.instant(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
    }
}
