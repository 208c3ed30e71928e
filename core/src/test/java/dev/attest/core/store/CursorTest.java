package dev.attest.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {
    @Test
    void encode_decode_roundTripsToTheMicrosecond() {
        var cursor = new Cursor(Instant.parse("2026-11-27T10:15:02.123456Z"), 41, 99, 0x9f756565209703a4L);

        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void encode_beforeEpoch_roundTrips() {
        var cursor = new Cursor(Instant.parse("1969-12-31T23:59:59.999999Z"), 1, 1, 0);

        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "bm9wZQ", "YzE6MToy", "YzE6eDox0jE6MQ", "YzI6MTox0jE6MQ"})
    void decode_foreignText_isRejected(String text) {
        assertThatThrownBy(() -> Cursor.decode(text)).isInstanceOf(InvalidCursorException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, -62_167_219_200_000_001L, 253_402_300_800_000_000L, Long.MAX_VALUE})
    void decode_timeBeyondTheYears0000To9999_isRejected(long micros) {
        String forged = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("c1:" + micros + ":1:1:0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> Cursor.decode(forged)).isInstanceOf(InvalidCursorException.class);
    }
}
