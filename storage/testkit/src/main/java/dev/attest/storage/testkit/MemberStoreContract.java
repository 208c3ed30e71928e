package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Impersonation;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.member.Session;
import dev.attest.core.store.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link dev.attest.core.store.MemberStore} and {@link dev.attest.core.store.SessionStore}. */
public abstract class MemberStoreContract {
    protected Storage storage;
    protected OrganizationId org;

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        org = TestEvents.organization(storage, "Acme").getKey();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private Member member(String id, String email, Role role) {
        return new Member(id, org, email, "Name " + id, role, false, "$argon2id$v=19$hash", false, T0);
    }

    @Test
    void create_member_isFoundByIdAndEmailInAnyCase() {
        storage.members().create(member("usr_1", "Ada@Acme.test", Role.OWNER));

        assertThat(storage.members().findByEmail("ada@ACME.test")).hasValueSatisfying(m -> {
            assertThat(m.id()).isEqualTo("usr_1");
            assertThat(m.organization()).isEqualTo(org);
            assertThat(m.role()).isEqualTo(Role.OWNER);
            assertThat(m.passwordHash()).isEqualTo("$argon2id$v=19$hash");
        });
        assertThat(storage.members().find("usr_1")).isPresent();
        assertThat(storage.members().list(org)).extracting(Member::id).containsExactly("usr_1");
    }

    @Test
    void create_takenEmail_isRejected() {
        storage.members().create(member("usr_1", "ada@acme.test", Role.OWNER));

        assertThatThrownBy(() -> storage.members().create(member("usr_2", "ADA@acme.test", Role.MEMBER)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.members().find("usr_2")).isEmpty();
    }

    @Test
    void superUser_hasNoOrganization() {
        assertThat(storage.members().hasSuperUser()).isFalse();

        storage.members().create(new Member("usr_su", null, "root@attest.test", "Root", null, true, "h", false, T0));

        assertThat(storage.members().hasSuperUser()).isTrue();
        assertThat(storage.members()
                        .findByEmail("root@attest.test")
                        .orElseThrow()
                        .organization())
                .isNull();
    }

    @Test
    void sessions_createTouchDeleteAll() {
        storage.members().create(member("usr_1", "ada@acme.test", Role.OWNER));
        storage.sessions().create(new Session("h1", "usr_1", "csrf1", T0, T0));
        storage.sessions().create(new Session("h2", "usr_1", "csrf2", T0, T0));

        storage.sessions().touch("h1", T0.plusSeconds(60));
        assertThat(storage.sessions().find("h1").orElseThrow().lastSeenAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(storage.sessions().find("h1").orElseThrow().csrfToken()).isEqualTo("csrf1");

        storage.sessions().delete("h1");
        assertThat(storage.sessions().find("h1")).isEmpty();
        assertThat(storage.sessions().deleteAll("usr_1")).isEqualTo(1);
        assertThat(storage.sessions().find("h2")).isEmpty();
    }

    @Test
    void sessions_listNewestFirst_withClient_deleteAllExceptOne() {
        storage.members().create(member("usr_1", "ada@acme.test", Role.OWNER));
        storage.members().create(member("usr_2", "bob@acme.test", Role.MEMBER));
        storage.sessions().create(new Session("h1", "usr_1", "c1", T0, T0, "203.0.113.7", "Firefox/133.0"));
        storage.sessions().create(new Session("h2", "usr_1", "c2", T0, T0.plusSeconds(120), null, null));
        storage.sessions().create(new Session("h3", "usr_1", "c3", T0, T0.plusSeconds(60), "::1", "curl/8"));
        storage.sessions().create(new Session("h4", "usr_2", "c4", T0, T0, null, null));

        assertThat(storage.sessions().list("usr_1"))
                .extracting(Session::tokenHash)
                .containsExactly("h2", "h3", "h1");
        Session first = storage.sessions().find("h1").orElseThrow();
        assertThat(first.ip()).isEqualTo("203.0.113.7");
        assertThat(first.userAgent()).isEqualTo("Firefox/133.0");
        assertThat(storage.sessions().find("h2").orElseThrow().ip()).isNull();

        assertThat(storage.sessions().deleteAllExcept("usr_1", "h3")).isEqualTo(2);
        assertThat(storage.sessions().list("usr_1"))
                .extracting(Session::tokenHash)
                .containsExactly("h3");
        assertThat(storage.sessions().list("usr_2")).hasSize(1);
    }

    @Test
    void sessions_impersonation_isReadBack_replaced_andStopped() {
        storage.members().create(member("usr_1", "ada@acme.test", Role.OWNER));
        storage.sessions().create(new Session("h1", "usr_1", "c1", T0, T0, "203.0.113.7", "Firefox/133.0"));
        assertThat(storage.sessions().find("h1").orElseThrow().impersonation()).isNull();
        assertThat(storage.sessions().stopImpersonating("h1"))
                .as("nothing to stop")
                .isFalse();

        var first = new Impersonation("usr_2", "ticket 4711: her exports fail", T0.plusSeconds(3600));
        assertThat(storage.sessions().impersonate("h1", first)).isTrue();
        assertThat(storage.sessions().find("h1").orElseThrow().impersonation()).isEqualTo(first);
        var second = new Impersonation("usr_3", "ticket 4712", T0.plusSeconds(1800));
        assertThat(storage.sessions().impersonate("h1", second)).isTrue();
        assertThat(storage.sessions().list("usr_1").getFirst().impersonation()).isEqualTo(second);
        assertThat(storage.sessions().impersonate("no-such-session", first)).isFalse();

        assertThat(storage.sessions().stopImpersonating("h1")).isTrue();
        Session stopped = storage.sessions().find("h1").orElseThrow();
        assertThat(stopped.impersonation()).isNull();
        assertThat(stopped.userAgent()).isEqualTo("Firefox/133.0");
    }

    @Test
    void changeRole_member_isReadBackAndCountsAsOwner() {
        storage.members().create(member("usr_1", "ada@acme.test", Role.OWNER));
        storage.members().create(member("usr_2", "grace@acme.test", Role.MEMBER));
        assertThat(storage.members().countActiveOwners(org)).isEqualTo(1);

        assertThat(storage.members().changeRole("usr_2", Role.OWNER)).isTrue();

        assertThat(storage.members().find("usr_2"))
                .hasValueSatisfying(m -> assertThat(m.role()).isEqualTo(Role.OWNER));
        assertThat(storage.members().countActiveOwners(org)).isEqualTo(2);
    }

    @Test
    void changeRole_unknownOrSuperUser_changesNothing() {
        storage.members()
                .create(new Member("usr_su", null, "root@attest.test", "Root", null, true, "$argon2id$h", false, T0));

        assertThat(storage.members().changeRole("usr_missing", Role.ADMIN)).isFalse();
        assertThat(storage.members().changeRole("usr_su", Role.ADMIN)).isFalse();
        assertThat(storage.members().find("usr_su"))
                .hasValueSatisfying(m -> assertThat(m.role()).isNull());
    }

    @Test
    void disable_owner_noLongerCountsAndIsIdempotent() {
        storage.members().create(member("usr_1", "ada@acme.test", Role.OWNER));
        storage.members().create(member("usr_2", "grace@acme.test", Role.OWNER));

        assertThat(storage.members().disable("usr_2")).isTrue();
        assertThat(storage.members().disable("usr_2")).isTrue();

        assertThat(storage.members().find("usr_2"))
                .hasValueSatisfying(m -> assertThat(m.disabled()).isTrue());
        assertThat(storage.members().find("usr_1"))
                .hasValueSatisfying(m -> assertThat(m.disabled()).isFalse());
        assertThat(storage.members().countActiveOwners(org)).isEqualTo(1);
        assertThat(storage.members().disable("usr_missing")).isFalse();
    }

    @Test
    void findForUpdate_twoTransactions_takeTurns() throws Exception {
        storage.members().create(member("usr_1", "ada@acme.test", Role.OWNER));
        storage.members().create(member("usr_2", "grace@acme.test", Role.OWNER));
        // Two transactions each demote "another owner" when they see two: the organization's lock must make the
        // second see the first's change, so that one owner always remains.
        java.util.concurrent.Callable<Boolean> demote = () -> storage.inTransaction(tx -> {
            assertThat(tx.organizations().findForUpdate(org)).isPresent();
            int owners = tx.members().countActiveOwners(org);
            if (owners < 2) {
                return false;
            }
            String victim = tx.members().list(org).stream()
                    .filter(m -> m.role() == Role.OWNER)
                    .findFirst()
                    .orElseThrow()
                    .id();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return tx.members().changeRole(victim, Role.MEMBER);
        });
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var first = pool.submit(demote);
            var second = pool.submit(demote);
            assertThat(first.get() ^ second.get()).as("exactly one demotion").isTrue();
        }

        assertThat(storage.members().countActiveOwners(org)).isEqualTo(1);
    }
}
