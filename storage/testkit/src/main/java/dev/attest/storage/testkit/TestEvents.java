package dev.attest.storage.testkit;

import dev.attest.core.event.Actor;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.EventId;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Organization;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Appended;
import dev.attest.core.store.Storage;
import dev.attest.testing.TestClock;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Builds events and organizations for the contract suites. */
public final class TestEvents {
    /**
     * The instant near which test events happen: the tests' "now" ({@link TestClock}) when the suite started, to the
     * second. Appends made by {@link #append} are received an hour later, so a run near a month's end writes into two
     * months.
     */
    public static final Instant T0 = TestClock.now().truncatedTo(ChronoUnit.SECONDS);

    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestEvents() {}

    /** Creates an organization with a random API key and returns it with the key. */
    public static Map.Entry<OrganizationId, ApiKey> organization(Storage storage, String name) {
        var id = new OrganizationId("org_t" + NEXT.incrementAndGet() + "x" + Long.toHexString(System.nanoTime()));
        ApiKey key = ApiKey.generate(new SecureRandom());
        storage.organizations().create(new Organization(id, name, T0), key.hash(), key.displayPrefix());
        return Map.entry(id, key);
    }

    /** A member's {@code user.roleChange} at {@code T0 + seconds}, with a unique id. */
    public static NewEvent roleChange(long seconds) {
        return event("evt_" + NEXT.incrementAndGet(), "user.roleChange", seconds);
    }

    /** A complete event of {@code action} with every field set. */
    public static NewEvent event(String id, String action, long seconds) {
        return new NewEvent(
                new EventId(id),
                action,
                T0.plusSeconds(seconds),
                new Actor(ActorType.MEMBER, "usr_9", "Ada Lovelace", "ada@acme.test", "owner"),
                new Target("user", "usr_12", "Grace Hopper"),
                Outcome.SUCCESS,
                "default",
                new RequestContext("203.0.113.7", "Mozilla/5.0", "req_1"),
                Map.of("from", "member", "to", "admin", "count", 3L, "ratio", 0.5));
    }

    /** {@code event} with other parts; {@code null} arguments keep the original. */
    public static NewEvent with(
            NewEvent event,
            @Nullable String action,
            @Nullable Actor actor,
            @Nullable Target target,
            @Nullable Outcome outcome,
            @Nullable String workspace) {
        return new NewEvent(
                event.id(),
                action == null ? event.action() : action,
                event.occurredAt(),
                actor == null ? event.actor() : actor,
                target == null ? event.target() : target,
                outcome == null ? event.outcome() : outcome,
                workspace == null ? event.workspace() : workspace,
                event.context(),
                event.payload());
    }

    /** Appends one request and returns its results. */
    public static List<Appended> append(Storage storage, OrganizationId organization, List<NewEvent> events) {
        return storage.events()
                .append(List.of(new AppendRequest(organization, T0.plusSeconds(3600), events)))
                .getFirst();
    }
}
