package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static dev.attest.storage.testkit.TestEvents.append;
import static dev.attest.storage.testkit.TestEvents.event;
import static dev.attest.storage.testkit.TestEvents.organization;
import static dev.attest.storage.testkit.TestEvents.roleChange;
import static dev.attest.storage.testkit.TestEvents.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.Actor;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.EventId;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.log.LeafHashes;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Appended;
import dev.attest.core.store.Cursor;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.EventPage;
import dev.attest.core.store.InvalidCursorException;
import dev.attest.core.store.OrganizationNotFoundException;
import dev.attest.core.store.PageRequest;
import dev.attest.core.store.Storage;
import dev.attest.integrity.TreeBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.attest.core.store.EventStore}: append, idempotency, ordering, every filter, cursors,
 * isolation between organizations, concurrency. A backend's test extends this class and opens a fresh, empty storage.
 */
public abstract class EventStoreContract {
    protected Storage storage;
    protected OrganizationId org;
    protected OrganizationId other;

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void openAndSeed() throws Exception {
        storage = openStorage();
        org = organization(storage, "Acme").getKey();
        other = organization(storage, "Globex").getKey();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void append_newLog_assignsGapFreeSeqFromOne() {
        List<Appended> first = append(storage, org, List.of(roleChange(1), roleChange(2)));
        List<Appended> second = append(storage, org, List.of(roleChange(3)));

        assertThat(first).extracting(Appended::seq).containsExactly(1L, 2L);
        assertThat(first).allMatch(Appended::created);
        assertThat(second).extracting(Appended::seq).containsExactly(3L);
        assertThat(storage.events().size(org)).isEqualTo(3);
    }

    @Test
    void append_twoOrganizations_eachLogCountsItsOwn() {
        append(storage, org, List.of(roleChange(1), roleChange(2)));
        List<Appended> others = append(storage, other, List.of(roleChange(3)));

        assertThat(others).extracting(Appended::seq).containsExactly(1L);
        assertThat(storage.events().size(org)).isEqualTo(2);
        assertThat(storage.events().size(other)).isEqualTo(1);
    }

    @Test
    void append_storedEvent_readsBackEveryField() {
        NewEvent sent = roleChange(5);
        append(storage, org, List.of(sent));

        Event stored = storage.events().find(org, sent.id()).orElseThrow();

        assertThat(stored.organizationId()).isEqualTo(org);
        assertThat(stored.seq()).isEqualTo(1);
        assertThat(stored.receivedAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(Event.of(org, 1, stored.receivedAt(), sent, stored.leafHash()))
                .isEqualTo(stored);
    }

    @Test
    void append_eventWithoutOptionalParts_readsBackAbsentParts() {
        var bare = new NewEvent(
                new EventId("bare-1"),
                "billing.invoicePaid",
                T0,
                new Actor(ActorType.SYSTEM, null, null, null, null),
                null,
                Outcome.SUCCESS,
                "default",
                dev.attest.core.event.RequestContext.NONE,
                java.util.Map.of());
        append(storage, org, List.of(bare));

        Event stored = storage.events().find(org, bare.id()).orElseThrow();

        assertThat(stored.target()).isNull();
        assertThat(stored.actor()).isEqualTo(bare.actor());
        assertThat(stored.context().isEmpty()).isTrue();
        assertThat(stored.payload()).isEmpty();
    }

    @Test
    void append_anyPayload_readsBackWithTheBytesThatWereHashed() {
        var payload = new java.util.LinkedHashMap<String, @Nullable Object>();
        payload.put("huge", 1e300);
        payload.put("tiny", 1.5e-7);
        payload.put("whole", 9_007_199_254_740_991L);
        payload.put("negative", -4L);
        payload.put("fraction", 2.5);
        payload.put("nested", List.of(java.util.Map.of("x", 1e21, "y", true), "\u00e9\ud83d\ude00\t\"\\"));
        payload.put("nothing", null);
        NewEvent sent = new NewEvent(
                new EventId("bytes-1"),
                "invoice.paid",
                T0,
                roleChange(0).actor(),
                new Target("invoice", "in_1", "Ünïcødé \u202e name"),
                Outcome.FAILURE,
                "staging",
                roleChange(0).context(),
                java.util.Collections.unmodifiableMap(payload));
        append(storage, org, List.of(sent));

        Event stored = storage.events().find(org, sent.id()).orElseThrow();

        Event expected = Event.of(org, 1, T0.plusSeconds(3600), sent, null);
        assertThat(LeafHashes.canonicalBytes(stored)).isEqualTo(LeafHashes.canonicalBytes(expected));
        assertThat(stored.leafHash()).isEqualTo(java.util.HexFormat.of().formatHex(LeafHashes.of(expected)));
    }

    @Test
    void append_microsecondTimestamps_keepTheirPrecision() {
        NewEvent sent = new NewEvent(
                new EventId("micro"),
                "user.roleChange",
                T0.plusNanos(123_456_000),
                roleChange(0).actor(),
                roleChange(0).target(),
                Outcome.SUCCESS,
                "default",
                roleChange(0).context(),
                java.util.Map.of());
        append(storage, org, List.of(sent));

        assertThat(storage.events().find(org, sent.id()).orElseThrow().occurredAt())
                .isEqualTo(T0.plusNanos(123_456_000));
    }

    @Test
    void append_duplicateId_returnsOriginal() {
        NewEvent sent = roleChange(1);
        append(storage, org, List.of(sent, roleChange(2)));

        List<Appended> again = append(storage, org, List.of(sent, roleChange(3)));

        assertThat(again.get(0)).isEqualTo(new Appended(sent.id(), 1, false));
        assertThat(again.get(1).seq()).isEqualTo(3);
        assertThat(again.get(1).created()).isTrue();
        assertThat(storage.events().size(org)).isEqualTo(3);
    }

    /**
     * Groups of every size a backend may write differently (PostgreSQL: multi-row INSERT below 64 rows, COPY from 64;
     * hashing on several threads from 64), with and without optional parts: each event reads back exactly as sent,
     * with the next seqs and a log whose checkpoint covers them all.
     */
    @Test
    void append_groupsOfEveryBulkSize_readBackExactlyAsSent() {
        var bare = new NewEvent(
                new EventId("bare-bulk"),
                "billing.invoicePaid",
                T0,
                new Actor(ActorType.SYSTEM, null, null, null, null),
                null,
                Outcome.FAILURE,
                "default",
                dev.attest.core.event.RequestContext.NONE,
                java.util.Map.of());
        var sent = new ArrayList<NewEvent>();
        long seq = 0;
        for (int size : new int[] {1, 63, 64, 200}) {
            var group = new ArrayList<NewEvent>();
            for (int i = 0; i < size; i++) {
                group.add(roleChange(i));
            }
            if (size == 200) {
                group.set(100, bare);
            }
            List<Appended> appended = append(storage, org, group);
            assertThat(appended)
                    .extracting(Appended::seq)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(seq + 1, seq + size).boxed().toList());
            seq += size;
            sent.addAll(group);
        }

        var tree = new TreeBuilder();
        for (int i = 0; i < sent.size(); i++) {
            Event stored = storage.events().find(org, sent.get(i).id()).orElseThrow();
            assertThat(stored).isEqualTo(Event.of(org, i + 1, stored.receivedAt(), sent.get(i), stored.leafHash()));
            tree.append(LeafHashes.of(stored));
        }
        assertThat(storage.events().head(org).size()).isEqualTo(sent.size());
        assertThat(storage.events().head(org).root()).isEqualTo(tree.root());
    }

    /** A group larger than one id lookup (500 ids) that repeats stored ids stores only the new events, once. */
    @Test
    void append_largeGroupRepeatingStoredIds_storesOnlyTheNewOnes() {
        var first = new ArrayList<NewEvent>();
        for (int i = 0; i < 400; i++) {
            first.add(roleChange(i));
        }
        append(storage, org, first);
        var retry = new ArrayList<>(first);
        for (int i = 0; i < 300; i++) {
            retry.add(roleChange(i));
        }

        List<Appended> again = append(storage, org, retry);

        assertThat(again.subList(0, 400)).allMatch(a -> !a.created());
        assertThat(again.subList(0, 400))
                .extracting(Appended::seq)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, 400).boxed().toList());
        assertThat(again.subList(400, 700)).allMatch(Appended::created);
        assertThat(again.subList(400, 700))
                .extracting(Appended::seq)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(401, 700).boxed().toList());
        assertThat(storage.events().size(org)).isEqualTo(700);
    }

    @Test
    void append_sameIdTwiceInOneGroup_storesItOnce() {
        NewEvent sent = roleChange(1);
        var request = new AppendRequest(org, T0, List.of(sent));

        List<List<Appended>> results = storage.events().append(List.of(request, request));

        assertThat(results.get(0)).containsExactly(new Appended(sent.id(), 1, true));
        assertThat(results.get(1)).containsExactly(new Appended(sent.id(), 1, false));
        assertThat(storage.events().size(org)).isEqualTo(1);
    }

    @Test
    void append_sameIdInTwoOrganizations_isTwoEvents() {
        NewEvent sent = roleChange(1);
        append(storage, org, List.of(sent));

        List<Appended> inOther = append(storage, other, List.of(sent));

        assertThat(inOther.getFirst().created()).isTrue();
        assertThat(storage.events().find(other, sent.id())).isPresent();
    }

    @Test
    void append_unknownOrganization_storesNothingOfTheGroup() {
        var unknown = new OrganizationId("org_doesnotexist");
        var good = new AppendRequest(org, T0, List.of(roleChange(1)));
        var bad = new AppendRequest(unknown, T0, List.of(roleChange(2)));

        assertThatThrownBy(() -> storage.events().append(List.of(good, bad)))
                .isInstanceOf(OrganizationNotFoundException.class)
                .hasMessageContaining("org_doesnotexist");
        assertThat(storage.events().size(org)).isZero();
        assertThat(storage.events()
                        .query(EventFilter.of(org), PageRequest.first())
                        .events())
                .isEmpty();
    }

    @Test
    void append_concurrentWriters_keepSeqGapFreeAndIdsUnique() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var tasks = new ArrayList<Callable<List<Appended>>>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    var all = new ArrayList<Appended>();
                    for (int i = 0; i < perThread; i++) {
                        all.addAll(append(storage, org, List.of(roleChange(i))));
                    }
                    return all;
                });
            }
            var seqs = new ArrayList<Long>();
            for (Future<List<Appended>> done : pool.invokeAll(tasks)) {
                done.get().forEach(a -> seqs.add(a.seq()));
            }
            assertThat(seqs)
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, (long) threads * perThread)
                            .boxed()
                            .toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void append_concurrentRetriesOfOneEvent_storeItOnce() throws Exception {
        NewEvent sent = roleChange(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var tasks = new ArrayList<Callable<List<Appended>>>();
            for (int t = 0; t < 16; t++) {
                tasks.add(() -> append(storage, org, List.of(sent)));
            }
            var results = new ArrayList<Appended>();
            for (Future<List<Appended>> done : pool.invokeAll(tasks)) {
                results.addAll(done.get());
            }
            assertThat(results).extracting(Appended::seq).containsOnly(1L);
            assertThat(results).filteredOn(Appended::created).hasSize(1);
            assertThat(storage.events().size(org)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void find_otherOrganizationsEvent_isEmpty() {
        NewEvent sent = roleChange(1);
        append(storage, org, List.of(sent));

        assertThat(storage.events().find(other, sent.id())).isEmpty();
        assertThat(storage.events().find(org, new EventId("nope"))).isEmpty();
    }

    @Test
    void query_noFilter_newestFirstByOccurredAtThenSeq() {
        // Sent out of order: occurred_at decides, seq breaks ties.
        append(storage, org, List.of(event("a", "user.roleChange", 20), event("b", "user.roleChange", 10)));
        append(storage, org, List.of(event("c", "user.roleChange", 20), event("d", "user.roleChange", 30)));

        EventPage page = storage.events().query(EventFilter.of(org), PageRequest.first());

        assertThat(ids(page)).containsExactly("d", "c", "a", "b");
        assertThat(page.next()).isNull();
    }

    @Test
    void query_otherOrganization_neverSeesThisOne() {
        append(storage, org, List.of(roleChange(1), roleChange(2)));
        append(storage, other, List.of(event("theirs", "user.roleChange", 1)));

        assertThat(ids(storage.events().query(EventFilter.of(other), PageRequest.first())))
                .containsExactly("theirs");
        assertThat(ids(storage.events()
                        .query(EventFilter.builder(org).text("Ada").build(), PageRequest.first())))
                .hasSize(2)
                .doesNotContain("theirs");
    }

    @Test
    void query_eachFilter_returnsExactlyTheMatchingEvents() {
        NewEvent plain = event("plain", "user.roleChange", 1);
        NewEvent login = with(
                event("login", "auth.login.failure", 2),
                null,
                new Actor(ActorType.UNKNOWN, null, null, null, null),
                null,
                Outcome.FAILURE,
                null);
        NewEvent apiKey = with(
                event("apikey", "api.key.regenerate", 3),
                null,
                new Actor(ActorType.API_KEY, "key_1", "CI key", "ci@globex.test", null),
                new Target("organization", "org_1", "Acme Ltd"),
                null,
                "staging");
        NewEvent custom = with(
                event("custom", "billing.invoicePaid", 4),
                null,
                null,
                new Target("invoice", "inv_7", "Ünïcode Invoice"),
                null,
                null);
        append(storage, org, List.of(plain, login, apiKey, custom));

        assertMatches(q -> q.actions(List.of("auth.login.failure", "billing.invoicePaid")), "custom", "login");
        assertMatches(q -> q.category("auth"), "login");
        assertMatches(q -> q.actorType(ActorType.API_KEY), "apikey");
        assertMatches(q -> q.actorId("usr_9"), "custom", "plain");
        assertMatches(q -> q.actorEmail("ci@globex.test"), "apikey");
        assertMatches(q -> q.targetType("invoice"), "custom");
        assertMatches(q -> q.targetId("org_1"), "apikey");
        assertMatches(q -> q.outcome(Outcome.FAILURE), "login");
        assertMatches(q -> q.workspace("staging"), "apikey");
        assertMatches(q -> q.categories(List.of("auth", "billing")), "custom", "login");
        assertMatches(q -> q.workspaces(List.of("staging", "default")), "custom", "apikey", "login", "plain");
        assertMatches(q -> q.critical(true), "apikey", "login", "plain");
        assertMatches(q -> q.critical(false), "custom");
        assertMatches(q -> q.since(T0.plusSeconds(2)).until(T0.plusSeconds(4)), "apikey", "login");
        assertMatches(q -> q.text("GRACE"), "login", "plain");
        assertMatches(q -> q.text("ünïcode"), "custom");
        assertMatches(q -> q.text("invoicepaid"), "custom");
        assertMatches(q -> q.text("globex"), "apikey");
        assertMatches(q -> q.category("user").actorId("usr_9").outcome(Outcome.SUCCESS), "plain");
        assertMatches(q -> q.actorId("usr_404"));
    }

    @Test
    void query_cursor_walksEveryEventOnceInOrder() {
        var sent = new ArrayList<NewEvent>();
        for (int i = 0; i < 23; i++) {
            // Pairs share occurred_at so that pages split ties.
            sent.add(event("e" + i, "user.roleChange", i / 2));
        }
        append(storage, org, sent);

        List<String> walked = walk(EventFilter.of(org), PageRequest.first(5));

        List<String> expected = new ArrayList<>();
        for (int i = 22; i >= 0; i--) {
            expected.add("e" + i);
        }
        assertThat(walked).containsExactlyElementsOf(expected);
    }

    @Test
    void query_cursorWhileEventsArrive_noDuplicatesNoGaps() {
        for (int i = 0; i < 10; i++) {
            append(storage, org, List.of(event("old" + i, "user.roleChange", 100 + i)));
        }
        EventFilter filter = EventFilter.of(org);
        EventPage page = storage.events().query(filter, PageRequest.first(3));
        var seen = new ArrayList<>(ids(page));
        int arrivals = 0;
        while (page.next() != null) {
            // Newer, older and equal-time events arrive between pages.
            append(
                    storage,
                    org,
                    List.of(
                            event("new" + arrivals++, "user.roleChange", 1_000),
                            event("new" + arrivals++, "user.roleChange", 1),
                            event("new" + arrivals++, "user.roleChange", 105)));
            page = storage.events().query(filter, new PageRequest(3, page.next()));
            seen.addAll(ids(page));
        }

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen)
                .containsExactly("old9", "old8", "old7", "old6", "old5", "old4", "old3", "old2", "old1", "old0");
    }

    @Test
    void query_cursorOfOtherFilter_isRejected() {
        append(storage, org, List.of(roleChange(1), roleChange(2), roleChange(3)));
        Cursor cursor = storage.events()
                .query(EventFilter.of(org), PageRequest.first(1))
                .next();
        assertThat(cursor).isNotNull();

        assertThatThrownBy(() -> storage.events()
                        .query(EventFilter.builder(org).category("auth").build(), new PageRequest(1, cursor)))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> storage.events().query(EventFilter.of(other), new PageRequest(1, cursor)))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void query_exactlyOnePage_hasNoNextCursor() {
        append(storage, org, List.of(roleChange(1), roleChange(2)));

        EventPage page = storage.events().query(EventFilter.of(org), PageRequest.first(2));

        assertThat(page.events()).hasSize(2);
        assertThat(page.next()).isNull();
    }

    @Test
    void volume_countsEventsAndFailuresPerBucket() {
        append(
                storage,
                org,
                List.of(
                        event("a", "user.roleChange", 0),
                        event("b", "user.roleChange", 10),
                        with(event("c", "auth.login.failure", 15), null, null, null, Outcome.FAILURE, null),
                        event("d", "user.roleChange", 39),
                        event("outside", "user.roleChange", 40)));

        var buckets = storage.events().volume(EventFilter.of(org), T0, T0.plusSeconds(40), 4);

        assertThat(buckets).extracting(b -> b.events()).containsExactly(1L, 2L, 0L, 1L);
        assertThat(buckets).extracting(b -> b.failures()).containsExactly(0L, 1L, 0L, 0L);
        assertThat(buckets.get(1).start()).isEqualTo(T0.plusSeconds(10));
        assertThat(storage.events()
                        .volume(
                                EventFilter.builder(org)
                                        .outcome(Outcome.FAILURE)
                                        .build(),
                                T0,
                                T0.plusSeconds(40),
                                2))
                .extracting(b -> b.events())
                .containsExactly(1L, 0L);
    }

    @Test
    void size_unknownOrganization_isZero() {
        assertThat(storage.events().size(new OrganizationId("org_nobody"))).isZero();
    }

    private void assertMatches(UnaryOperator<EventFilter.Builder> filters, String... expected) {
        EventFilter filter = filters.apply(EventFilter.builder(org)).build();
        assertThat(walk(filter, PageRequest.first(2))).as("filter %s", filter).containsExactly(expected);
    }

    /** Every id the filter yields, page after page. */
    protected List<String> walk(EventFilter filter, PageRequest first) {
        var seen = new ArrayList<String>();
        var seenSet = new HashSet<String>();
        EventPage page = storage.events().query(filter, first);
        while (true) {
            for (String id : ids(page)) {
                assertThat(seenSet.add(id)).as("duplicate %s", id).isTrue();
                seen.add(id);
            }
            if (page.next() == null) {
                return seen;
            }
            page = storage.events().query(filter, first.after(page.next()));
        }
    }

    private static List<String> ids(EventPage page) {
        return page.events().stream().map(e -> e.id().value()).toList();
    }
}
