package dev.attest.core.event;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Makes server-assigned ids: a prefix and a ULID (48-bit millisecond time, 80 random bits, Crockford base32), so ids
 * sort by creation time. Thread-safe.
 */
public final class IdGenerator {
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public IdGenerator(Clock clock) {
        this.clock = clock;
    }

    public EventId newEventId() {
        return new EventId("evt_" + ulid());
    }

    public OrganizationId newOrganizationId() {
        return new OrganizationId("org_" + ulid());
    }

    /** A 26-character ULID. */
    public String ulid() {
        long time = clock.millis();
        byte[] entropy = new byte[10];
        random.nextBytes(entropy);
        char[] out = new char[26];
        // 48 bits of time in 10 characters (the first carries 3 bits).
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 bits of randomness in 16 characters, 5 bits each.
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (entropy[i] & 0xff);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (entropy[i] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = CROCKFORD[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(out);
    }
}
