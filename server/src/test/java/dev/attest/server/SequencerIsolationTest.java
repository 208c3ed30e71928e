package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventId;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.EventParser.RawEvent;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.InvalidEventException;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.log.TreeHashStore;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Appended;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.EventPage;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.LogHead;
import dev.attest.core.store.OrganizationNotFoundException;
import dev.attest.core.store.PageRequest;
import dev.attest.core.store.Storage;
import dev.attest.core.store.VolumeBucket;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad request in a group of the sequencer never fails the others, nor costs them a commit each: over real SQLite,
 * with the writer held at a gate so that the requests queued meanwhile form one group.
 */
class SequencerIsolationTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    Storage storage;
    GatedStore store;
    Sequencer sequencer;
    OrganizationId org;
    final EventParser parser = new EventParser(CLOCK, new IdGenerator(CLOCK));

    @BeforeEach
    void open() {
        storage = SqliteStorage.open(data, 2);
        store = new GatedStore(storage.events());
        sequencer = new Sequencer(store, CLOCK, 10_000, 5_000);
        org = new Onboarding(storage.organizations(), CLOCK)
                .create("Acme")
                .organization()
                .id();
    }

    @AfterEach
    void close() {
        store.open();
        sequencer.close();
        storage.close();
    }

    @Test
    void poisonedRequestAmidAGroup_isRefusedBeforeTheGroup_andTheOthersCommitInOneTransaction() throws Exception {
        CompletableFuture<List<Appended>> first = sequencer.submit(org, List.of(event("a")));
        store.awaitHeld();
        var b = sequencer.submit(org, List.of(event("b")));
        var poisoned = sequencer.submit(org, List.of(poisoned("c")));
        var d = sequencer.submit(org, List.of(event("d"), event("e")));
        store.open();

        assertThat(first.get(10, TimeUnit.SECONDS).getFirst().seq()).isEqualTo(1);
        assertThat(b.get(10, TimeUnit.SECONDS)).extracting(Appended::seq).containsExactly(2L);
        assertThat(d.get(10, TimeUnit.SECONDS)).extracting(Appended::seq).containsExactly(3L, 4L);
        assertThat(poisoned)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.violations().getFirst().detail()).contains("\"/payload/to\""));
        // "a" alone, then b, d and e together; the poisoned request was refused on its own thread, before any group.
        assertThat(poisoned).isCompletedExceptionally();
        assertThat(sequencer.groups()).isEqualTo(2);
        assertThat(sequencer.abortedGroups()).isZero();
        assertThat(store.appends.get()).isEqualTo(2);
        assertThat(storage.events().size(org)).isEqualTo(4);
    }

    @Test
    void requestThatFailsInTheStore_isIsolatedByHalving_notByACommitPerRequest() throws Exception {
        CompletableFuture<List<Appended>> first = sequencer.submit(org, List.of(event("a")));
        store.awaitHeld();
        var good = new ArrayList<CompletableFuture<List<Appended>>>();
        CompletableFuture<List<Appended>> ghost = null;
        for (int i = 0; i < 8; i++) {
            if (i == 1) {
                // An organization that does not exist: the store refuses the whole transaction for it.
                ghost = sequencer.submit(new OrganizationId("org_ghost"), List.of(event("g")));
            } else {
                good.add(sequencer.submit(org, List.of(event("e" + i))));
            }
        }
        store.open();

        first.get(10, TimeUnit.SECONDS);
        for (var request : good) {
            assertThat(request.get(10, TimeUnit.SECONDS).getFirst().created()).isTrue();
        }
        assertThat(ghost)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(OrganizationNotFoundException.class);
        // The 8 requests: [0-3] fails, [0-1] fails, [0] commits, [1] fails alone, [2-3] commits, [4-7] commits.
        assertThat(sequencer.groups() - 1).isEqualTo(3);
        assertThat(sequencer.abortedGroups()).isEqualTo(4);
        assertThat(storage.events().size(org)).isEqualTo(8);
    }

    private NewEvent event(String id) {
        return parser.parse(org, List.of(new RawEvent(document(id), 100)), false)
                .getFirst();
    }

    /** An event with a lone surrogate, which the parser would refuse: as a bug or another caller might build it. */
    private NewEvent poisoned(String id) {
        NewEvent valid = event(id);
        return new NewEvent(
                new EventId(id),
                valid.action(),
                valid.occurredAt(),
                valid.actor(),
                valid.target(),
                valid.outcome(),
                valid.workspace(),
                valid.context(),
                Map.of("from", "member", "to", "x\ud800y"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(String id) {
        return Json.MAPPER.readValue("""
                {"id": "%s", "action": "user.roleChange", "occurred_at": "2026-11-27T09:00:00Z",
                 "actor": {"type": "member", "id": "usr_9"}, "target": {"type": "user", "id": "usr_12"},
                 "payload": {"from": "member", "to": "admin"}}""".formatted(id), Map.class);
    }

    /**
     * The real store, whose first append waits at a gate until {@link #open()}, and which counts its appends
     * (transactions tried, committed or not).
     */
    static final class GatedStore implements EventStore {
        private final EventStore store;
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger appends = new AtomicInteger();

        GatedStore(EventStore store) {
            this.store = store;
        }

        void awaitHeld() throws InterruptedException {
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        }

        void open() {
            gate.countDown();
        }

        @Override
        public List<List<Appended>> append(List<AppendRequest> requests) {
            held.countDown();
            try {
                assertThat(gate.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            appends.incrementAndGet();
            return store.append(requests);
        }

        @Override
        public Optional<Event> find(OrganizationId organization, EventId id) {
            return store.find(organization, id);
        }

        @Override
        public EventPage query(EventFilter filter, PageRequest page) {
            return store.query(filter, page);
        }

        @Override
        public List<VolumeBucket> volume(EventFilter filter, Instant from, Instant until, int buckets) {
            return store.volume(filter, from, until, buckets);
        }

        @Override
        public long size(OrganizationId organization) {
            return store.size(organization);
        }

        @Override
        public LogHead head(OrganizationId organization) {
            return store.head(organization);
        }

        @Override
        public void scan(OrganizationId organization, long fromSeq, long toSeq, Consumer<Event> consumer) {
            store.scan(organization, fromSeq, toSeq, consumer);
        }

        @Override
        public void scanLeaves(OrganizationId organization, long fromSeq, long toSeq, LeafConsumer consumer) {
            store.scanLeaves(organization, fromSeq, toSeq, consumer);
        }

        @Override
        public TreeHashStore treeHashes() {
            return store.treeHashes();
        }
    }
}
