package dev.attest.core.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where the next page of a query starts: after the event at ({@code occurredAt}, {@code seq}) in newest-first order,
 * among the events with {@code seq <= snapshot} — the log as it was when the first page was read, so that pages never
 * overlap and never skip, however many events arrive in between. Opaque to clients: {@link #encode()} and
 * {@link #decode(String)}.
 *
 * @param filter the {@link EventFilter#fingerprint()} of the filter it belongs to
 */
public record Cursor(Instant occurredAt, long seq, long snapshot, long filter) {
    private static final String VERSION = "c1";
    private static final long EARLIEST_MICROS = -62_167_219_200_000_000L; // 0000-01-01T00:00:00Z
    private static final long LATEST_MICROS = 253_402_300_799_999_999L; // 9999-12-31T23:59:59.999999Z

    /** The opaque text form, URL-safe. */
    public String encode() {
        long micros = occurredAt.getEpochSecond() * 1_000_000L + occurredAt.getNano() / 1_000;
        String text = VERSION + ":" + micros + ":" + seq + ":" + snapshot + ":" + filter;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads the text form.
     *
     * @throws InvalidCursorException if the text was not made by {@link #encode()}
     */
    public static Cursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            String[] parts = plain.split(":", -1);
            if (parts.length != 5 || !parts[0].equals(VERSION)) {
                throw new InvalidCursorException("cursor was not issued by this server");
            }
            long micros = Long.parseLong(parts[1]);
            // A forged time beyond the years 0000-9999 would overflow the stores' microseconds once converted back.
            if (micros < EARLIEST_MICROS || micros > LATEST_MICROS) {
                throw new InvalidCursorException("cursor was not issued by this server");
            }
            Instant at =
                    Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
            return new Cursor(at, Long.parseLong(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4]));
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("cursor is malformed");
        }
    }
}
