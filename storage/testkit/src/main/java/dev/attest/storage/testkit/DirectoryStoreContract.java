package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.org.ApiKey;
import dev.attest.core.store.DirectoryToken;
import dev.attest.core.store.Storage;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link dev.attest.core.store.DirectoryStore}. */
public abstract class DirectoryStoreContract {
    private static final SecureRandom RANDOM = new SecureRandom();

    protected Storage storage;
    private OrganizationId acme;
    private OrganizationId globex;
    private DirectoryToken okta;
    private byte[] oktaHash;

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        acme = TestEvents.organization(storage, "Acme").getKey();
        globex = TestEvents.organization(storage, "Globex").getKey();
        okta = new DirectoryToken("dir_1", acme, "okta", "scim_abcdef", true, T0.plusSeconds(1));
        oktaHash = ApiKey.generate(RANDOM).hash();
        storage.directory().createToken(okta, oktaHash);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void createToken_isListedAndFoundByItsHash_onlyInItsOrganization() {
        assertThat(storage.directory().listTokens(acme)).containsExactly(okta);
        assertThat(storage.directory().listTokens(globex)).isEmpty();
        assertThat(storage.directory().findToken(oktaHash)).contains(okta);
        assertThat(storage.directory().findToken(new byte[32])).isEmpty();
    }

    @Test
    void createToken_takenId_isRejected() {
        var again = new DirectoryToken("dir_1", globex, "entra", "scim_zzzzzz", false, T0);

        assertThatThrownBy(() -> storage.directory()
                        .createToken(again, ApiKey.generate(RANDOM).hash()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.directory().listTokens(globex)).isEmpty();
    }

    @Test
    void revokeToken_stopsItAtOnce_andOnlyInItsOrganization() {
        assertThat(storage.directory().revokeToken(globex, "dir_1", T0.plusSeconds(2)))
                .isFalse();
        assertThat(storage.directory().findToken(oktaHash)).contains(okta);

        assertThat(storage.directory().revokeToken(acme, "dir_1", T0.plusSeconds(2)))
                .isTrue();

        assertThat(storage.directory().findToken(oktaHash)).isEmpty();
        assertThat(storage.directory().listTokens(acme)).isEmpty();
        assertThat(storage.directory().revokeToken(acme, "dir_1", T0.plusSeconds(3)))
                .isFalse();
    }

    @Test
    void provisioningRole_unset_isEmpty_setTwice_keepsTheLast() {
        assertThat(storage.directory().provisioningRole(acme)).isEmpty();

        storage.directory().setProvisioningRole(acme, Role.AUDITOR, T0);
        storage.directory().setProvisioningRole(acme, Role.ADMIN, T0.plusSeconds(1));

        assertThat(storage.directory().provisioningRole(acme)).contains(Role.ADMIN);
        assertThat(storage.directory().provisioningRole(globex)).isEmpty();
    }

    @Test
    void setProvisioningRole_inARolledBackTransaction_leavesNothing() {
        assertThatThrownBy(() -> storage.inTransaction(tx -> {
                    tx.directory().setProvisioningRole(acme, Role.AUDITOR, T0);
                    throw new IllegalStateException("roll back");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(storage.directory().provisioningRole(acme)).isEmpty();
    }
}
