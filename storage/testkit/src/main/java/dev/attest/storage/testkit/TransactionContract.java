package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static dev.attest.storage.testkit.TestEvents.organization;
import static dev.attest.storage.testkit.TestEvents.roleChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.EventId;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.LeafHashes;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Appended;
import dev.attest.core.store.Storage;
import dev.attest.integrity.TreeBuilder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Storage#inTransaction}: a change and the event that records it commit together or not at all,
 * and events appended in a transaction take their place in the log and its tree like any others.
 */
public abstract class TransactionContract {
    protected Storage storage;
    protected OrganizationId org;

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void openAndSeed() throws Exception {
        storage = openStorage();
        org = organization(storage, "Acme").getKey();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private Member member(String id) {
        return new Member(
                id, org, id + "@acme.test", "Name " + id, Role.MEMBER, false, "$argon2id$v=19$hash", false, T0);
    }

    private AppendRequest request(NewEvent... events) {
        return new AppendRequest(org, T0.plusSeconds(3600), List.of(events));
    }

    @Test
    void inTransaction_changeAndEvent_commitTogether() {
        NewEvent event = roleChange(1);

        List<Appended> appended = storage.inTransaction(tx -> {
            tx.members().create(member("usr_tx1"));
            // The transaction reads its own writes.
            assertThat(tx.members().find("usr_tx1")).isPresent();
            return tx.events().append(List.of(request(event))).getFirst();
        });

        assertThat(appended).singleElement().satisfies(a -> assertThat(a.seq()).isEqualTo(1));
        assertThat(storage.members().find("usr_tx1")).isPresent();
        assertThat(storage.events().find(org, event.id())).isPresent();
        assertThat(storage.events().size(org)).isEqualTo(1);
    }

    @Test
    void inTransaction_workThrows_storesNeitherChangeNorEvent() {
        NewEvent event = roleChange(1);

        assertThatThrownBy(() -> storage.inTransaction(tx -> {
                    tx.members().create(member("usr_tx2"));
                    tx.events().append(List.of(request(event)));
                    throw new IllegalStateException("refused after the event was appended");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused");

        assertThat(storage.members().find("usr_tx2")).isEmpty();
        assertThat(storage.events().find(org, event.id())).isEmpty();
        assertThat(storage.events().size(org)).isZero();
    }

    @Test
    void inTransaction_afterRollback_nextAppendsKeepTheTreeWhole() {
        storage.events().append(List.of(request(roleChange(1), roleChange(2))));
        assertThatThrownBy(() -> storage.inTransaction(tx -> {
                    tx.events().append(List.of(request(roleChange(3), roleChange(4), roleChange(5))));
                    throw new IllegalStateException("rolled back");
                }))
                .isInstanceOf(IllegalStateException.class);

        storage.inTransaction(tx -> tx.events().append(List.of(request(roleChange(6)))));
        storage.events().append(List.of(request(roleChange(7))));

        assertThat(storage.events().size(org)).isEqualTo(4);
        var tree = new TreeBuilder();
        storage.events().scan(org, 1, 4, e -> {
            assertThat(e.leafHash()).isEqualTo(HexFormat.of().formatHex(LeafHashes.of(e)));
            tree.append(HexFormat.of().parseHex(e.leafHash()));
        });
        assertThat(storage.events().head(org).root()).isEqualTo(tree.root());
    }

    @Test
    void inTransaction_concurrentWithAppends_keepsSeqGapFree() throws Exception {
        int rounds = 20;
        try (var pool = Executors.newFixedThreadPool(4)) {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < rounds; i++) {
                int n = i;
                futures.add(pool.submit((Callable<?>) () -> storage.inTransaction(tx -> {
                    tx.members().create(member("usr_c" + n));
                    return tx.events().append(List.of(request(roleChange(n))));
                })));
                futures.add(pool.submit((Callable<?>) () -> storage.events().append(List.of(request(roleChange(n))))));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }

        assertThat(storage.events().size(org)).isEqualTo(2L * rounds);
        var seqs = new ArrayList<Long>();
        storage.events().scan(org, 1, 2L * rounds, e -> seqs.add(e.seq()));
        assertThat(seqs).hasSize(2 * rounds).doesNotHaveDuplicates();
        assertThat(storage.members().list(org)).hasSize(rounds);
    }

    @Test
    void inTransaction_eventWithStoredId_isReportedAsDuplicate() {
        NewEvent event = roleChange(1);
        storage.events().append(List.of(request(event)));

        Appended again = storage.inTransaction(
                tx -> tx.events().append(List.of(request(event))).getFirst().getFirst());

        assertThat(again.created()).isFalse();
        assertThat(again.id()).isEqualTo(new EventId(event.id().value()));
        assertThat(storage.events().size(org)).isEqualTo(1);
    }
}
