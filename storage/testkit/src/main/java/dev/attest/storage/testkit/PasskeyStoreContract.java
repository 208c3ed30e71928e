package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Member;
import dev.attest.core.member.Passkey;
import dev.attest.core.member.Role;
import dev.attest.core.store.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link dev.attest.core.store.PasskeyStore}. */
public abstract class PasskeyStoreContract {
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

    private static Passkey passkey(String id, String member, String name, Instant created) {
        return new Passkey(id, member, name, "data-" + id, 0, created, null);
    }

    @Test
    void add_listFind_oldestFirstAndCredentialIdsUnique() {
        assertThat(storage.passkeys().add(passkey("cred-b", "usr_1", "Phone", T0.plusSeconds(5))))
                .isTrue();
        assertThat(storage.passkeys().add(passkey("cred-a", "usr_1", "Laptop", T0)))
                .isTrue();
        assertThat(storage.passkeys().add(passkey("cred-a", "usr_2", "Stolen id", T0)))
                .as("a credential id belongs to one member")
                .isFalse();

        assertThat(storage.passkeys().list("usr_1")).extracting(Passkey::name).containsExactly("Laptop", "Phone");
        assertThat(storage.passkeys().list("usr_2")).isEmpty();
        assertThat(storage.passkeys().find("cred-a")).hasValueSatisfying(p -> {
            assertThat(p.memberId()).isEqualTo("usr_1");
            assertThat(p.credentialData()).isEqualTo("data-cred-a");
            assertThat(p.createdAt()).isEqualTo(T0);
            assertThat(p.lastUsedAt()).isNull();
        });
        assertThat(storage.passkeys().find("nope")).isEmpty();
        assertThat(storage.passkeys().enrolled(org)).containsExactly("usr_1");
    }

    @Test
    void use_movesCounterOnlyFromWhatWasRead() {
        storage.passkeys().add(passkey("cred-a", "usr_1", "Laptop", T0));

        assertThat(storage.passkeys().use("cred-a", 0, 3, T0.plusSeconds(1))).isTrue();
        assertThat(storage.passkeys().use("cred-a", 0, 4, T0.plusSeconds(2)))
                .as("a use that read the counter before the last one")
                .isFalse();
        assertThat(storage.passkeys().find("cred-a")).hasValueSatisfying(p -> {
            assertThat(p.signCount()).isEqualTo(3);
            assertThat(p.lastUsedAt()).isEqualTo(T0.plusSeconds(1));
        });
    }

    @Test
    void use_concurrent_oneWins() throws Exception {
        storage.passkeys().add(passkey("cred-a", "usr_1", "Laptop", T0));
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Callable<Boolean>> tries = new ArrayList<>();
            for (long i = 0; i < 8; i++) {
                long next = i + 1;
                tries.add(() -> storage.passkeys().use("cred-a", 0, next, T0));
            }
            int won = 0;
            for (Future<Boolean> f : pool.invokeAll(tries)) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        }
    }

    @Test
    void remove_onlyTheMembersOwn() {
        storage.passkeys().add(passkey("cred-a", "usr_1", "Laptop", T0));
        storage.passkeys().add(passkey("cred-b", "usr_1", "Phone", T0));

        assertThat(storage.passkeys().remove("usr_2", "cred-a")).isFalse();
        assertThat(storage.passkeys().remove("usr_1", "cred-a")).isTrue();
        assertThat(storage.passkeys().remove("usr_1", "cred-a")).isFalse();
        assertThat(storage.passkeys().list("usr_1"))
                .extracting(Passkey::credentialId)
                .containsExactly("cred-b");
        assertThat(storage.passkeys().removeAll("usr_1")).isEqualTo(1);
        assertThat(storage.passkeys().enrolled(org)).isEmpty();
    }

    @Test
    void spendChallenge_once_forItsPurposeAndParty_beforeExpiry() {
        Instant expires = T0.plus(Duration.ofMinutes(5));
        storage.passkeys().issueChallenge("h1", "register", "session:a", expires, T0);
        storage.passkeys().issueChallenge("h2", "register", "session:a", expires, T0);

        assertThat(storage.passkeys().spendChallenge("h1", "sign-in", "session:a", T0))
                .isFalse();
        assertThat(storage.passkeys().spendChallenge("h1", "register", "session:b", T0))
                .isFalse();
        assertThat(storage.passkeys().spendChallenge("h1", "register", "session:a", T0))
                .isTrue();
        assertThat(storage.passkeys().spendChallenge("h1", "register", "session:a", T0))
                .as("replayed")
                .isFalse();
        assertThat(storage.passkeys().spendChallenge("h2", "register", "session:a", expires))
                .as("expired")
                .isFalse();
    }

    @Test
    void issueChallenge_forgetsExpiredOnes() {
        storage.passkeys().issueChallenge("old", "sign-in", "form:x", T0.plusSeconds(10), T0);
        storage.passkeys().issueChallenge("new", "sign-in", "form:x", T0.plusSeconds(400), T0.plusSeconds(300));

        assertThat(storage.passkeys().spendChallenge("old", "sign-in", "form:x", T0))
                .isFalse();
        assertThat(storage.passkeys().spendChallenge("new", "sign-in", "form:x", T0.plusSeconds(300)))
                .isTrue();
    }
}
