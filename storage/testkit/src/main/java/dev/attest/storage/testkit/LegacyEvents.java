package dev.attest.storage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventId;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import dev.attest.core.log.LeafHashes;
import dev.attest.core.store.Storage;
import dev.attest.integrity.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Events as schema version 3 stored them — one column per field and the payload as JSON, before events kept the bytes
 * that were hashed — for testing the migration that fills {@code leaf_data} from those columns.
 */
public final class LegacyEvents {
    /** The columns of a version-3 row, in the order of {@link #row}. */
    public static final String COLUMNS = "organization_id, seq, id, action, category, critical, occurred_at,"
            + " received_at, actor_type, actor_id, actor_name, actor_email, actor_role, target_type, target_id,"
            + " target_name, outcome, workspace, ip, user_agent, request_id, payload, search_text, leaf_hash";

    private LegacyEvents() {}

    /** Three events of {@code org} with seq 1 to 3, with odd payload numbers and text, as they were sealed. */
    public static List<Event> events(OrganizationId org) {
        var odd = new LinkedHashMap<String, @Nullable Object>();
        odd.put("huge", 1e300);
        odd.put("tiny", 1.5e-7);
        odd.put("whole", 9_007_199_254_740_991L);
        odd.put("list", List.of(1L, 2.5, "x\u00e9\ud83d\ude00", Map.of("deep", false)));
        odd.put("none", null);
        NewEvent bare = new NewEvent(
                new EventId("legacy-2"),
                "billing.invoicePaid",
                TestEvents.T0.plusNanos(123_456_000),
                TestEvents.roleChange(0).actor(),
                null,
                Outcome.FAILURE,
                "staging",
                RequestContext.NONE,
                Map.of());
        NewEvent odds = TestEvents.with(
                TestEvents.event("legacy-3", "user.roleChange", 7),
                null,
                null,
                new Target("user", "usr_12", "Gr\u00e2ce \u202e"),
                null,
                null);
        var events = new ArrayList<Event>();
        events.add(Event.of(
                org, 1, TestEvents.T0.plusSeconds(60), TestEvents.event("legacy-1", "user.roleChange", 1), null));
        events.add(Event.of(org, 2, TestEvents.T0.plusSeconds(60), bare, null));
        events.add(Event.of(
                org,
                3,
                TestEvents.T0.plusSeconds(61),
                new NewEvent(
                        odds.id(),
                        odds.action(),
                        odds.occurredAt(),
                        odds.actor(),
                        odds.target(),
                        odds.outcome(),
                        odds.workspace(),
                        odds.context(),
                        java.util.Collections.unmodifiableMap(odd)),
                null));
        return events;
    }

    /**
     * The values of {@code event}'s version-3 row in {@link #COLUMNS} order: instants as {@link java.time.Instant}
     * (the backend binds them its way), {@code critical} as a boolean, the payload as JSON text.
     */
    public static @Nullable Object[] row(Event event) {
        Target target = event.target();
        return new @Nullable Object[] {
            event.organizationId().value(),
            event.seq(),
            event.id().value(),
            event.action(),
            event.category(),
            event.critical(),
            event.occurredAt(),
            event.receivedAt(),
            event.actor().type().wire(),
            event.actor().id(),
            event.actor().name(),
            event.actor().email(),
            event.actor().role(),
            target == null ? null : target.type(),
            target == null ? null : target.id(),
            target == null ? null : target.name(),
            event.outcome().wire(),
            event.workspace(),
            event.context().ip(),
            event.context().userAgent(),
            event.context().requestId(),
            new String(CanonicalJson.canonicalize(event.payload()), StandardCharsets.UTF_8),
            event.action(),
            LeafHashes.of(event)
        };
    }

    /** Asserts that the migrated storage serves every event with the bytes, and so the leaf hash, it had. */
    public static void assertMigrated(Storage storage, List<Event> events) {
        for (Event event : events) {
            Event stored =
                    storage.events().find(event.organizationId(), event.id()).orElseThrow();
            assertThat(LeafHashes.canonicalBytes(stored)).isEqualTo(LeafHashes.canonicalBytes(event));
            assertThat(stored.leafHash()).isEqualTo(HexFormat.of().formatHex(LeafHashes.of(event)));
        }
    }
}
