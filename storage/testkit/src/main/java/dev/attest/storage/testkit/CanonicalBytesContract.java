package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static dev.attest.storage.testkit.TestEvents.organization;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.LeafHashes;
import dev.attest.core.log.LeafTemplate;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Appended;
import dev.attest.core.store.Storage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events are stored with exactly the canonical bytes and leaf hash of their wire document ({@link LeafHashes}), whether
 * the store made them or the request brought them ready to splice ({@link LeafTemplate}, as the sequencer does on the
 * request's thread).
 */
public abstract class CanonicalBytesContract {
    private static final HexFormat HEX = HexFormat.of();

    protected Storage storage;
    protected OrganizationId org;

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        org = organization(storage, "Acme").getKey();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void template_manyRandomEvents_sameBytesAndLeafHashAsTheStoredEvent() {
        var random = new RandomEvents(14);
        for (int i = 0; i < 3_000; i++) {
            NewEvent event = random.next(T0);
            long seq = random.seq();
            Instant receivedAt = random.receivedAt(T0);
            Event stored = Event.of(org, seq, receivedAt, event, null);

            LeafTemplate.Sealed sealed = LeafTemplate.of(org, event).seal(seq, receivedAt);

            byte[] expected = LeafHashes.canonicalBytes(stored);
            assertThat(sealed.bytes()).as("event %d: %s", i, event).isEqualTo(expected);
            assertThat(sealed.leafHash()).as("event %d", i).isEqualTo(LeafHashes.of(stored));
            assertThat(LeafTemplate.of(org, event).bytes(seq, receivedAt)).isEqualTo(expected);
        }
    }

    @Test
    void append_withAndWithoutTemplates_storesTheBytesTheStoreWouldHaveMade() {
        var random = new RandomEvents(8785);
        Instant receivedAt = T0.plusSeconds(3600).plusNanos(123_000);
        var requests = new ArrayList<AppendRequest>();
        var sent = new ArrayList<NewEvent>();
        for (int r = 0; r < 40; r++) {
            var events = new ArrayList<NewEvent>();
            for (int e = 0; e < 1 + r % 7; e++) {
                events.add(random.next(T0));
            }
            sent.addAll(events);
            requests.add(
                    r % 2 == 0
                            ? new AppendRequest(org, receivedAt, events)
                            : new AppendRequest(
                                    org,
                                    receivedAt,
                                    events,
                                    events.stream()
                                            .map(e -> LeafTemplate.of(org, e))
                                            .toList()));
        }

        List<List<Appended>> appended = storage.events().append(requests);

        assertThat(appended.stream().mapToLong(List::size).sum()).isEqualTo(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Event stored = storage.events().find(org, sent.get(i).id()).orElseThrow();
            Event expected = Event.of(org, i + 1, receivedAt, sent.get(i), null);
            assertThat(stored.seq()).isEqualTo(i + 1);
            assertThat(LeafHashes.canonicalBytes(stored))
                    .as("event %d", i)
                    .isEqualTo(LeafHashes.canonicalBytes(expected));
            assertThat(stored.leafHash()).as("event %d", i).isEqualTo(HEX.formatHex(LeafHashes.of(expected)));
        }
    }

    @Test
    void scanLeaves_handsOnTheStoredBytesAndLeafHashes_inSeqOrder_withinTheRange() {
        var random = new RandomEvents(6962);
        Instant receivedAt = T0.plusSeconds(60);
        var events = new ArrayList<NewEvent>();
        for (int i = 0; i < 30; i++) {
            events.add(random.next(T0));
        }
        storage.events().append(List.of(new AppendRequest(org, receivedAt, events)));
        var seqs = new ArrayList<Long>();

        storage.events().scanLeaves(org, 5, 24, (seq, canonical, leafHash) -> {
            Event expected = Event.of(org, seq, receivedAt, events.get((int) seq - 1), null);
            assertThat(canonical).as("event %d", seq).isEqualTo(LeafHashes.canonicalBytes(expected));
            assertThat(leafHash).as("event %d", seq).isEqualTo(LeafHashes.of(expected));
            seqs.add(seq);
        });

        assertThat(seqs)
                .containsExactlyElementsOf(LongStream.rangeClosed(5, 24).boxed().toList());
    }
}
