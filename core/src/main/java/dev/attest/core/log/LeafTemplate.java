package dev.attest.core.log;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventDocument;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.integrity.CanonicalJson;
import dev.attest.integrity.LeafHashPrefix;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event's canonical bytes ({@link LeafHashes}) before it has a place in its log: everything but the two members the
 * writer assigns, with the leaf hash already begun on the part before them. RFC 8785 §3.2.3 sorts members by name, and
 * {@code received_at} and {@code seq} are neighbours in that order (between {@code payload} and {@code target} or
 * {@code workspace}), so the canonical bytes are {@code prefix || "received_at":"…","seq":n || suffix}: the request
 * thread does the canonicalization and most of the hashing, the single writer only splices.
 *
 * <p>{@link #seal} gives exactly the bytes and hash that {@link LeafHashes} gives for the stored event. Immutable and
 * thread-safe.
 */
public final class LeafTemplate {
    private static final byte[] RECEIVED_AT = "\"received_at\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);

    /** RFC 8785 §3.2.2.3: beyond 2^53 a seq would not survive as a JSON number. */
    private static final long MAX_SEQ = 1L << 53;

    private final byte[] prefix;
    private final byte[] suffix;
    private final LeafHashPrefix hash;

    /** The canonical bytes and leaf hash of the event at its place in the log. */
    @SuppressWarnings("ArrayRecordComponent") // bytes to store; never compared with equals()
    public record Sealed(byte[] bytes, byte[] leafHash) {}

    private LeafTemplate(byte[] prefix, byte[] suffix) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.hash = LeafHashPrefix.of(prefix);
    }

    /**
     * The template of {@code event} in {@code organization}'s log.
     *
     * @throws IllegalArgumentException if the event has no canonical form (see {@link CanonicalJson#canonicalize})
     */
    public static LeafTemplate of(OrganizationId organization, NewEvent event) {
        // The placeholders are never written: only the members' names matter for the split.
        Map<String, Object> document =
                EventDocument.of(Event.of(organization, 0, event.occurredAt(), event, null), false);
        var before = new LinkedHashMap<String, Object>();
        var after = new LinkedHashMap<String, Object>();
        document.forEach((name, value) -> {
            if (name.compareTo("received_at") < 0) {
                before.put(name, value);
            } else if (name.compareTo("seq") > 0) {
                after.put(name, value);
            }
        });
        byte[] head = CanonicalJson.canonicalize(before);
        byte[] tail = CanonicalJson.canonicalize(after);
        // "{…}" without its closing brace, then a comma; "{…}" with a comma for its opening brace. Both sides are
        // never empty: action and payload sort before received_at, workspace after seq.
        byte[] prefix = head.clone();
        prefix[prefix.length - 1] = ',';
        byte[] suffix = tail.clone();
        suffix[0] = ',';
        return new LeafTemplate(prefix, suffix);
    }

    /**
     * The canonical bytes and leaf hash of the event as the {@code seq}-th of its log, received at {@code receivedAt}.
     *
     * @param receivedAt at microsecond precision, as stored
     */
    public Sealed seal(long seq, Instant receivedAt) {
        byte[] middle = middle(seq, receivedAt);
        return new Sealed(join(middle), hash.finish(middle, suffix));
    }

    /** The canonical bytes alone, for stores that keep no Merkle tree. */
    public byte[] bytes(long seq, Instant receivedAt) {
        return join(middle(seq, receivedAt));
    }

    private byte[] join(byte[] middle) {
        byte[] bytes = new byte[prefix.length + middle.length + suffix.length];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        System.arraycopy(middle, 0, bytes, prefix.length, middle.length);
        System.arraycopy(suffix, 0, bytes, prefix.length + middle.length, suffix.length);
        return bytes;
    }

    /** {@code "received_at":"<RFC 3339>","seq":<n>}: ASCII only, nothing to escape (RFC 8785 §3.2.2.2, §3.2.2.3). */
    private static byte[] middle(long seq, Instant receivedAt) {
        if (seq < 1 || seq > MAX_SEQ) {
            throw new IllegalArgumentException("seq " + seq + " is outside 1..2^53");
        }
        byte[] time = EventDocument.timestamp(receivedAt).getBytes(StandardCharsets.US_ASCII);
        byte[] number = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        byte[] middle = new byte[RECEIVED_AT.length + time.length + SEQ.length + number.length];
        int at = 0;
        for (byte[] part : new byte[][] {RECEIVED_AT, time, SEQ, number}) {
            System.arraycopy(part, 0, middle, at, part.length);
            at += part.length;
        }
        return middle;
    }
}
