package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.member.TotpEnrollment;
import dev.attest.core.store.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link dev.attest.core.store.MfaStore}. */
public abstract class MfaStoreContract {
    protected Storage storage;
    protected OrganizationId org;

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        org = TestEvents.organization(storage, "Acme").getKey();
        storage.members().create(new Member("usr_1", org, "ada@acme.test", "Ada", Role.OWNER, false, "h", false, T0));
        storage.members().create(new Member("usr_2", org, "bob@acme.test", "Bob", Role.MEMBER, false, "h", false, T0));
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private static TotpEnrollment pending(String member, String key) {
        return new TotpEnrollment(member, key, T0, null, -1);
    }

    @Test
    void begin_pending_replacesPendingButNeverConfirmed() {
        assertThat(storage.mfa().begin(pending("usr_1", "v1.first"))).isTrue();
        assertThat(storage.mfa().begin(pending("usr_1", "v1.second"))).isTrue();
        assertThat(storage.mfa().find("usr_1")).hasValueSatisfying(t -> {
            assertThat(t.sealedKey()).isEqualTo("v1.second");
            assertThat(t.confirmed()).isFalse();
            assertThat(t.lastUsedStep()).isEqualTo(-1);
        });

        assertThat(storage.mfa().confirm("usr_1", T0.plusSeconds(60), 100, List.of("c1", "c2")))
                .isTrue();

        assertThat(storage.mfa().begin(pending("usr_1", "v1.attacker"))).isFalse();
        assertThat(storage.mfa().find("usr_1")).hasValueSatisfying(t -> {
            assertThat(t.sealedKey()).isEqualTo("v1.second");
            assertThat(t.confirmedAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(t.lastUsedStep()).isEqualTo(100);
        });
        assertThat(storage.mfa().enrolled(org)).containsExactly("usr_1");
    }

    @Test
    void confirm_withoutPending_changesNothing() {
        assertThat(storage.mfa().confirm("usr_2", T0, 1, List.of("c1"))).isFalse();
        assertThat(storage.mfa().remainingRecoveryCodes("usr_2")).isZero();
        assertThat(storage.mfa().find("usr_2")).isEmpty();
    }

    @Test
    void spendStep_onlyLaterSteps_onlyOnce() {
        storage.mfa().begin(pending("usr_1", "v1.k"));
        assertThat(storage.mfa().spendStep("usr_1", 5))
                .as("pending authenticators spend nothing")
                .isFalse();
        storage.mfa().confirm("usr_1", T0, 10, List.of());

        assertThat(storage.mfa().spendStep("usr_1", 10)).isFalse();
        assertThat(storage.mfa().spendStep("usr_1", 9)).isFalse();
        assertThat(storage.mfa().spendStep("usr_1", 11)).isTrue();
        assertThat(storage.mfa().spendStep("usr_1", 11)).isFalse();
        assertThat(storage.mfa().find("usr_1").orElseThrow().lastUsedStep()).isEqualTo(11);
    }

    @Test
    void spendStep_concurrently_exactlyOneWins() throws Exception {
        storage.mfa().begin(pending("usr_1", "v1.k"));
        storage.mfa().confirm("usr_1", T0, 10, List.of("code"));
        try (var pool = Executors.newFixedThreadPool(8)) {
            var tries = new ArrayList<Callable<Boolean>>();
            for (int i = 0; i < 16; i++) {
                tries.add(() -> storage.mfa().spendStep("usr_1", 11));
                tries.add(() -> storage.mfa().spendRecoveryCode("usr_1", "code", T0));
            }
            int won = 0;
            for (Future<Boolean> done : pool.invokeAll(tries)) {
                won += done.get() ? 1 : 0;
            }
            assertThat(won).as("one step and one code spent, once each").isEqualTo(2);
        }
    }

    @Test
    void recoveryCodes_spentOnce_replacedByNextConfirmation() {
        storage.mfa().begin(pending("usr_1", "v1.k"));
        storage.mfa().confirm("usr_1", T0, 1, List.of("a", "b", "c"));

        assertThat(storage.mfa().remainingRecoveryCodes("usr_1")).isEqualTo(3);
        assertThat(storage.mfa().spendRecoveryCode("usr_1", "b", T0.plus(Duration.ofMinutes(1))))
                .isTrue();
        assertThat(storage.mfa().spendRecoveryCode("usr_1", "b", T0.plus(Duration.ofMinutes(2))))
                .isFalse();
        assertThat(storage.mfa().spendRecoveryCode("usr_2", "a", T0))
                .as("another member's code")
                .isFalse();
        assertThat(storage.mfa().spendRecoveryCode("usr_1", "zzz", T0)).isFalse();
        assertThat(storage.mfa().remainingRecoveryCodes("usr_1")).isEqualTo(2);
    }

    @Test
    void remove_confirmedOrPending_removesKeyAndCodes() {
        storage.mfa().begin(pending("usr_1", "v1.k"));
        storage.mfa().confirm("usr_1", T0, 1, List.of("a", "b"));
        storage.mfa().begin(pending("usr_2", "v1.k2"));

        assertThat(storage.mfa().remove("usr_1")).isTrue();
        assertThat(storage.mfa().remove("usr_2")).as("only pending").isFalse();
        assertThat(storage.mfa().remove("usr_2")).isFalse();

        assertThat(storage.mfa().find("usr_1")).isEmpty();
        assertThat(storage.mfa().find("usr_2")).isEmpty();
        assertThat(storage.mfa().remainingRecoveryCodes("usr_1")).isZero();
        assertThat(storage.mfa().enrolled(org)).isEmpty();
    }

    @Test
    void confirm_inTransactionRolledBack_leavesPending() {
        storage.mfa().begin(pending("usr_1", "v1.k"));
        try {
            storage.inTransaction(tx -> {
                tx.mfa().confirm("usr_1", T0, 1, List.of("a"));
                throw new IllegalStateException("the event could not be recorded");
            });
        } catch (IllegalStateException expected) {
            // The change goes with its event.
        }
        assertThat(storage.mfa().find("usr_1").orElseThrow().confirmed()).isFalse();
        assertThat(storage.mfa().remainingRecoveryCodes("usr_1")).isZero();
    }
}
