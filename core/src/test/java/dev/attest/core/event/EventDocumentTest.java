package dev.attest.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
}
