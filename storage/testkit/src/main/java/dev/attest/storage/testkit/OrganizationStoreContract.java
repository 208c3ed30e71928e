package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Invitation;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import dev.attest.core.member.Session;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Organization;
import dev.attest.core.org.Scope;
import dev.attest.core.store.AccessToken;
import dev.attest.core.store.OrganizationNotFoundException;
import dev.attest.core.store.Storage;
import dev.attest.core.store.StoredApp;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link dev.attest.core.store.OrganizationStore}. */
public abstract class OrganizationStoreContract {
    protected Storage storage;

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void create_newOrganization_isFoundByIdAndByKeyHash() {
        Map.Entry<OrganizationId, ApiKey> created = TestEvents.organization(storage, "Acme");

        assertThat(storage.organizations().find(created.getKey()))
                .hasValueSatisfying(o -> assertThat(o.name()).isEqualTo("Acme"));
        assertThat(storage.organizations().findByApiKeyHash(created.getValue().hash()))
                .contains(created.getKey());
    }

    @Test
    void findByApiKeyHash_unknownKey_isEmpty() {
        TestEvents.organization(storage, "Acme");

        assertThat(storage.organizations()
                        .findByApiKeyHash(ApiKey.generate(new SecureRandom()).hash()))
                .isEmpty();
    }

    @Test
    void create_takenId_isRejected() {
        OrganizationId id = TestEvents.organization(storage, "Acme").getKey();
        ApiKey key = ApiKey.generate(new SecureRandom());

        assertThatThrownBy(() -> storage.organizations()
                        .create(new Organization(id, "Again", T0), key.hash(), key.displayPrefix()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.organizations().findByApiKeyHash(key.hash())).isEmpty();
    }

    @Test
    void list_severalOrganizations_oldestFirst() {
        OrganizationId first = TestEvents.organization(storage, "A").getKey();
        OrganizationId second = TestEvents.organization(storage, "B").getKey();

        assertThat(storage.organizations().list()).extracting(Organization::id).containsExactly(first, second);
    }

    @Test
    void find_unknownOrganization_isEmpty() {
        assertThat(storage.organizations().find(new OrganizationId("org_nobody")))
                .isEmpty();
    }

    @Test
    void renameAndRequireMfa_areReadBack_andTouchOnlyTheirOrganization() {
        OrganizationId acme = TestEvents.organization(storage, "Acme").getKey();
        OrganizationId globex = TestEvents.organization(storage, "Globex").getKey();
        assertThat(storage.organizations().find(acme).orElseThrow().requireMfa())
                .isFalse();

        assertThat(storage.organizations().rename(acme, "Acme Corp")).isTrue();
        assertThat(storage.organizations().requireMfa(acme, true)).isTrue();

        assertThat(storage.organizations().find(acme)).hasValueSatisfying(o -> {
            assertThat(o.name()).isEqualTo("Acme Corp");
            assertThat(o.requireMfa()).isTrue();
        });
        assertThat(storage.organizations().find(globex)).hasValueSatisfying(o -> {
            assertThat(o.name()).isEqualTo("Globex");
            assertThat(o.requireMfa()).isFalse();
        });
        assertThat(storage.organizations().rename(new OrganizationId("org_missing"), "X"))
                .isFalse();
        assertThat(storage.organizations().requireMfa(new OrganizationId("org_missing"), true))
                .isFalse();
    }

    @Test
    void delete_endsEveryCredentialIntoTheOrganization_keepsItsLog_andTouchesNoOther() {
        Map.Entry<OrganizationId, ApiKey> acme = TestEvents.organization(storage, "Acme");
        Map.Entry<OrganizationId, ApiKey> globex = TestEvents.organization(storage, "Globex");
        OrganizationId org = acme.getKey();
        TestEvents.append(storage, org, List.of(TestEvents.roleChange(1), TestEvents.roleChange(2)));
        var root = storage.events().head(org);
        storage.members().create(member("usr_a", org, "ada@acme.test"));
        storage.members().create(member("usr_g", globex.getKey(), "grace@globex.test"));
        storage.sessions().create(new Session("s_acme", "usr_a", "c1", T0, T0));
        storage.sessions().create(new Session("s_globex", "usr_g", "c2", T0, T0));
        var app = new StoredApp("app_1", org, "Reporter", "cli_1", Set.of(Scope.EVENTS_READ), T0);
        byte[] secret = ApiKey.generate(new SecureRandom()).hash();
        storage.apps().create(app, secret);
        byte[] token = ApiKey.generate(new SecureRandom()).hash();
        storage.apps().createToken(token, new AccessToken(app, Set.of(Scope.EVENTS_READ), T0.plusSeconds(900)), T0);
        storage.invitations()
                .create(new Invitation(
                        "inv_1",
                        org,
                        "new@acme.test",
                        Role.MEMBER,
                        List.of(),
                        "usr_a",
                        "tokenhash",
                        Invitation.Status.PENDING,
                        T0,
                        T0.plusSeconds(3600),
                        null));

        byte[] directory = ApiKey.generate(new SecureRandom()).hash();
        storage.directory()
                .createToken(
                        new dev.attest.core.store.DirectoryToken("dir_1", org, "okta", "scim_abcdef", false, T0),
                        directory);
        storage.members().create(superUser("usr_root"));
        storage.sessions().create(new Session("s_root", "usr_root", "c3", T0, T0));
        storage.sessions()
                .impersonate(
                        "s_root", new dev.attest.core.member.Impersonation("usr_a", "support", T0.plusSeconds(3600)));

        boolean deleted = storage.inTransaction(tx -> tx.organizations().delete(org, T0.plusSeconds(60)));

        assertThat(deleted).isTrue();
        assertThat(storage.organizations().find(org)).hasValueSatisfying(o -> {
            assertThat(o.deleted()).isTrue();
            assertThat(o.deletedAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(o.name()).isEqualTo("Acme");
        });
        assertThat(storage.organizations().list()).extracting(Organization::id).contains(org);
        assertThat(storage.organizations().findByApiKeyHash(acme.getValue().hash()))
                .isEmpty();
        assertThat(storage.apiKeys().findByHash(acme.getValue().hash())).isEmpty();
        assertThat(storage.sessions().find("s_acme")).isEmpty();
        assertThat(storage.apps().findToken(token, T0)).isEmpty();
        assertThat(storage.directory().findToken(directory)).isEmpty();
        assertThat(storage.sessions().find("s_root").orElseThrow().impersonation())
                .as("the super-user's session, acting as themselves again")
                .isNull();
        assertThat(storage.apps().findByCredentials("cli_1", secret)).isEmpty();
        assertThat(storage.invitations().find("inv_1"))
                .hasValueSatisfying(i -> assertThat(i.status()).isEqualTo(Invitation.Status.REVOKED));
        // The log stays as it was: readable, with the same head.
        assertThat(storage.events().size(org)).isEqualTo(2);
        assertThat(storage.events().head(org).root()).isEqualTo(root.root());
        assertThat(storage.members().find("usr_a")).isPresent();
        // Another organization keeps everything.
        assertThat(storage.organizations().find(globex.getKey()))
                .hasValueSatisfying(o -> assertThat(o.deleted()).isFalse());
        assertThat(storage.organizations().findByApiKeyHash(globex.getValue().hash()))
                .contains(globex.getKey());
        assertThat(storage.sessions().find("s_globex")).isPresent();
        // Deleting again changes nothing.
        boolean again = storage.inTransaction(tx -> tx.organizations().delete(org, T0.plusSeconds(120)));
        assertThat(again).isFalse();
        assertThat(storage.organizations().find(org).orElseThrow().deletedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(storage.organizations().delete(new OrganizationId("org_missing"), T0))
                .isFalse();
    }

    @Test
    void append_deletedOrganization_isRefused_itsLogIsClosed() {
        OrganizationId org = TestEvents.organization(storage, "Acme").getKey();
        TestEvents.append(storage, org, List.of(TestEvents.roleChange(1)));
        storage.inTransaction(tx -> tx.organizations().delete(org, T0.plusSeconds(60)));

        assertThatThrownBy(() -> TestEvents.append(storage, org, List.of(TestEvents.roleChange(2))))
                .isInstanceOf(OrganizationNotFoundException.class);
        assertThat(storage.events().size(org)).isEqualTo(1);
    }

    private static Member superUser(String id) {
        return new Member(id, null, id + "@attest.test", "Root", null, true, "$argon2id$hash", false, T0);
    }

    private static Member member(String id, OrganizationId org, String email) {
        return new Member(id, org, email, "Name " + id, Role.MEMBER, false, "$argon2id$hash", false, T0);
    }
}
