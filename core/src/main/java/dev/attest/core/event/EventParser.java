package dev.attest.core.event;

import dev.attest.core.catalog.Catalog;
import dev.attest.integrity.CanonicalJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns request documents (plain Java JSON values) into validated {@link NewEvent}s, reporting every broken rule of a
 * whole request at once. All-or-nothing: either every event of a request is valid, or an
 * {@link InvalidEventException} lists all problems. Thread-safe.
 *
 * <p>Each event's envelope is read by {@link EnvelopeReader} and checked against the {@link Catalog}; this class adds
 * what concerns the request as a whole: its size, ids that repeat within it, and canonical bytes. An event this parser
 * returns is guaranteed to have RFC 8785 canonical bytes (it is canonicalized once here, on the caller's thread):
 * whatever can fail about one request fails before it reaches the sequencer, so that it can never spoil the
 * transaction it would share with other producers' requests.
 */
public final class EventParser {
    private final Clock clock;
    private final IdGenerator ids;
    private final Catalog catalog;

    public EventParser(Clock clock, IdGenerator ids, Catalog catalog) {
        this.clock = clock;
        this.ids = ids;
        this.catalog = catalog;
    }

    /** A parser of the built-in catalog. */
    public EventParser(Clock clock, IdGenerator ids) {
        this(clock, ids, Catalog.standard());
    }

    /** One event as it came in the request body, with the size of its JSON text there. */
    public record RawEvent(@Nullable Object document, int bytes) {}

    /**
     * Validates every event of one request for {@code organization}.
     *
     * @param batch whether the body was an array (pointers then start with the element's index)
     * @throws InvalidEventException listing every problem of every event; nothing is returned in part
     */
    public List<NewEvent> parse(OrganizationId organization, List<RawEvent> events, boolean batch) {
        var problems = new Problems();
        if (events.isEmpty()) {
            problems.report("", "the request holds no event; send an object or a non-empty array");
        }
        if (events.size() > Limits.MAX_BATCH) {
            problems.report("", "a batch holds at most " + Limits.MAX_BATCH + " events, this one " + events.size());
            problems.throwIfAny();
        }
        var parsed = new ArrayList<NewEvent>(events.size());
        var seenIds = new HashSet<String>();
        for (int i = 0; i < events.size(); i++) {
            Problems one = batch ? problems.at("/" + i, "[" + i + "].") : problems;
            NewEvent event = new EnvelopeReader(clock, ids, catalog, one).read(organization, events.get(i));
            if (event != null) {
                if (!seenIds.add(event.id().value())) {
                    one.report("/id", "id " + event.id() + " appears twice in this request");
                }
                checkCanonical(organization, event, one);
                parsed.add(event);
            }
        }
        problems.throwIfAny();
        return List.copyOf(parsed);
    }

    /**
     * Checks that {@code event} has RFC 8785 canonical bytes, as its leaf hash needs.
     *
     * @throws InvalidEventException naming the offending value
     */
    public static void requireCanonical(OrganizationId organization, NewEvent event) {
        var problems = new Problems();
        checkCanonical(organization, event, problems);
        problems.throwIfAny();
    }

    /**
     * Its canonical bytes once stored differ only in the members the server assigns ({@code seq},
     * {@code received_at}), which are a number and a timestamp and always canonicalize, so placeholders for them decide
     * the question here.
     */
    private static void checkCanonical(OrganizationId organization, NewEvent event, Problems problems) {
        try {
            CanonicalJson.canonicalize(
                    EventDocument.of(Event.of(organization, 1, event.occurredAt(), event, null), false));
        } catch (IllegalArgumentException e) {
            // The message names the offending value's pointer within the event.
            problems.report("", "event has no RFC 8785 canonical form: " + e.getMessage());
        }
    }

    /** Drops sub-microsecond digits; stored timestamps have microsecond precision. */
    public static Instant truncateToMicros(Instant instant) {
        return instant.minusNanos(instant.getNano() % 1_000);
    }
}
