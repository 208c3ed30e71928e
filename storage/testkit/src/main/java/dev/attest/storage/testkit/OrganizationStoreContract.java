package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Organization;
import dev.attest.core.store.Storage;
import java.security.SecureRandom;
import java.util.Map;
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
}
