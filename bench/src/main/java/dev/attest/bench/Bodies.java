package dev.attest.bench;

import dev.attest.core.event.EventId;
import dev.attest.core.event.NewEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request bodies made ahead of a timed phase, so that clients spend no time on JSON while measured: each body is
 * serialized once with placeholder ids, and every {@link #next()} copies it and writes fresh, unique ids in place.
 * Thread-safe.
 */
final class Bodies {
    /** Ids are {@code ID_WIDTH} characters: a prefix letter and zero-padded digits, so a copy is patched in place. */
    private static final int ID_WIDTH = 18;

    private static final String PLACEHOLDER = "P" + "0".repeat(ID_WIDTH - 1);

    private final List<byte[]> templates;
    private final List<int[]> idOffsets;
    private final AtomicInteger nextTemplate = new AtomicInteger();
    private final AtomicLong nextId;
    private final char prefix;
    private final int eventsPerBody;

    private Bodies(List<byte[]> templates, List<int[]> idOffsets, char prefix, int eventsPerBody) {
        this.templates = templates;
        this.idOffsets = idOffsets;
        this.prefix = prefix;
        this.eventsPerBody = eventsPerBody;
        this.nextId = new AtomicLong();
    }

    /**
     * {@code count} events from {@code mix} with the placeholder id, {@code occurred_at} spread over the hour before
     * {@code now} (well inside what the parser accepts).
     */
    static List<NewEvent> events(EventMix mix, int count, Instant now) {
        var events = new ArrayList<NewEvent>(count);
        long spacingNanos = Math.max(1_000, 3_600_000_000_000L / count / 1_000 * 1_000);
        Instant start = now.minusSeconds(3_600);
        for (int i = 0; i < count; i++) {
            events.add(mix.next(new EventId(PLACEHOLDER), start.plusNanos(spacingNanos * i)));
        }
        return List.copyOf(events);
    }

    /**
     * Serializes {@code events} (made by {@link #events}) into bodies of {@code eventsPerBody} each, a batch when more
     * than one; a remainder that does not fill a body is left out.
     *
     * @param prefix the first character of every id, so that phases sharing a log never collide
     */
    static Bodies of(List<NewEvent> events, int eventsPerBody, char prefix) {
        int count = events.size() / eventsPerBody;
        var templates = new ArrayList<byte[]>(count);
        var offsets = new ArrayList<int[]>(count);
        for (int b = 0; b < count; b++) {
            byte[] body = EventJson.body(events.subList(b * eventsPerBody, (b + 1) * eventsPerBody), eventsPerBody > 1);
            templates.add(body);
            offsets.add(placeholders(body, eventsPerBody));
        }
        return new Bodies(List.copyOf(templates), List.copyOf(offsets), prefix, eventsPerBody);
    }

    /** {@code event} with its placeholder id replaced by a real one. */
    static NewEvent withId(NewEvent event, String id) {
        return new NewEvent(
                new EventId(id),
                event.action(),
                event.occurredAt(),
                event.actor(),
                event.target(),
                event.outcome(),
                event.workspace(),
                event.context(),
                event.payload());
    }

    private static int[] placeholders(byte[] body, int expected) {
        String text = EventJson.text(body);
        // The JSON is ASCII up to and including every id (the id is the first member), so char index = byte index
        // holds as long as names stay ASCII, which the mix guarantees.
        int[] found = new int[expected];
        int count = 0;
        String needle = "\"id\":\"" + PLACEHOLDER + "\"";
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            found[count++] = at + 6;
        }
        if (count != expected) {
            throw new IllegalStateException("expected " + expected + " placeholder ids, found " + count);
        }
        return found;
    }

    /** A copy of the next template with fresh ids. */
    byte[] next() {
        int t = Math.floorMod(nextTemplate.getAndIncrement(), templates.size());
        byte[] body = Arrays.copyOf(templates.get(t), templates.get(t).length);
        for (int offset : idOffsets.get(t)) {
            String id = prefix + EventMix.pad(nextId.incrementAndGet(), ID_WIDTH - 1);
            byte[] bytes = id.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(bytes, 0, body, offset, ID_WIDTH);
        }
        return body;
    }

    int eventsPerBody() {
        return eventsPerBody;
    }

    int size() {
        return templates.size();
    }
}
