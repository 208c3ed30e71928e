package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static dev.attest.storage.testkit.TestEvents.organization;
import static dev.attest.storage.testkit.TestEvents.roleChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.Event;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.LeafHashes;
import dev.attest.core.log.LogProofs;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.LogHead;
import dev.attest.core.store.Storage;
import dev.attest.core.store.StoredCheckpoint;
import dev.attest.integrity.ConsistencyProofVerifier;
import dev.attest.integrity.InclusionProofVerifier;
import dev.attest.integrity.MerkleHash;
import dev.attest.integrity.TreeBuilder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the Merkle log kept by a store: leaf hashes, roots, stored subtrees that serve proofs, and
 * checkpoints. {@link #openStorage()} called again within a test must reopen the same database.
 */
public abstract class LogTreeContract {
    protected Storage storage;
    protected OrganizationId org;
    protected OrganizationId other;

    /** The backend's storage; a second call within one test reopens the same database. */
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

    /** Appends {@code count} events to each organization in groups of varying sizes, interleaving them. */
    private void appendInterleaved(int count, long seed) {
        var random = new Random(seed);
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, 1 + random.nextInt(97));
            var mine = new ArrayList<NewEvent>();
            var theirs = new ArrayList<NewEvent>();
            for (int i = 0; i < n; i++) {
                mine.add(roleChange(done + i));
                theirs.add(roleChange(done + i));
            }
            storage.events()
                    .append(List.of(
                            new AppendRequest(org, T0, mine.subList(0, n / 2)),
                            new AppendRequest(other, T0, theirs),
                            new AppendRequest(org, T0, mine.subList(n / 2, n))));
            done += n;
        }
    }

    private List<Event> log(OrganizationId organization) {
        var events = new ArrayList<Event>();
        storage.events().scan(organization, 1, Long.MAX_VALUE, events::add);
        return events;
    }

    @Test
    void append_everyEvent_carriesTheLeafHashOfItsCanonicalBytes() {
        appendInterleaved(40, 1);

        List<Event> events = log(org);

        assertThat(events)
                .extracting(Event::seq)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
        for (Event event : events) {
            assertThat(event.leafHash()).isEqualTo(HexFormat.of().formatHex(LeafHashes.of(event)));
        }
    }

    @Test
    void head_afterManyGroups_isTheRootOfTheLeafHashes() {
        appendInterleaved(1_100, 2);

        for (OrganizationId organization : List.of(org, other)) {
            var builder = new TreeBuilder();
            log(organization).forEach(e -> builder.append(LeafHashes.of(e)));
            LogHead head = storage.events().head(organization);
            assertThat(head.size()).isEqualTo(1_100);
            assertThat(head.root()).isEqualTo(builder.root());
        }
    }

    @Test
    void head_emptyLog_isTheEmptyRoot() {
        assertThat(storage.events().head(org).root()).isEqualTo(MerkleHash.emptyRoot());
        assertThat(storage.events().head(org).size()).isZero();
    }

    @Test
    void storedSubtrees_serveProofsThatVerify() throws Exception {
        appendInterleaved(700, 3);
        var proofs = new LogProofs(storage.events());
        List<Event> events = log(org);
        var random = new Random(4);

        for (int round = 0; round < 40; round++) {
            long size = 1L + random.nextInt(700);
            long seq = 1L + random.nextInt((int) size);
            LogProofs.Inclusion inclusion = proofs.inclusion(org, seq, size);
            assertThat(inclusion.leafHash())
                    .isEqualTo(HexFormat.of().parseHex(events.get((int) seq - 1).leafHash()));
            InclusionProofVerifier.verify(
                    seq - 1, size, inclusion.leafHash(), inclusion.hashes(), inclusion.rootHash());
            long older = 1L + random.nextInt((int) size);
            LogProofs.Consistency consistency = proofs.consistency(org, older, size);
            assertThat(consistency.toRoot()).isEqualTo(inclusion.rootHash());
            ConsistencyProofVerifier.verify(
                    older, size, consistency.fromRoot(), consistency.toRoot(), consistency.hashes());
        }
        assertThat(proofs.root(org, 700)).isEqualTo(storage.events().head(org).root());
    }

    @Test
    void append_afterReopening_continuesTheSameTree() throws Exception {
        appendInterleaved(300, 5);
        storage.close();
        storage = openStorage();

        appendInterleaved(300, 6);

        var builder = new TreeBuilder();
        log(org).forEach(e -> builder.append(LeafHashes.of(e)));
        assertThat(storage.events().head(org).root()).isEqualTo(builder.root());
    }

    @Test
    void treeHashes_beyondTheLog_areReportedMissing() {
        appendInterleaved(10, 7);

        assertThatThrownBy(() -> storage.events().treeHashes().read(org, 0, 5, 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lacks");
    }

    @Test
    void checkpoints_saveLatestFindBehind() {
        appendInterleaved(5, 8);
        assertThat(storage.checkpoints().behind()).contains(org, other);

        byte[] root =
                java.util.Objects.requireNonNull(storage.events().head(org).root());
        storage.checkpoints().save(new StoredCheckpoint(org, 5, root, "note 5", T0));
        storage.checkpoints().save(new StoredCheckpoint(org, 5, root, "another note 5", T0));
        storage.checkpoints().save(new StoredCheckpoint(org, 3, root, "note 3", T0));

        assertThat(storage.checkpoints().latest(org).orElseThrow().note()).isEqualTo("note 5");
        assertThat(storage.checkpoints().find(org, 3).orElseThrow().note()).isEqualTo("note 3");
        assertThat(storage.checkpoints().find(org, 4)).isEmpty();
        assertThat(storage.checkpoints().latest(other)).isEmpty();
        assertThat(storage.checkpoints().behind()).contains(other).doesNotContain(org);

        appendInterleaved(1, 9);
        assertThat(storage.checkpoints().behind()).contains(org);
    }
}
