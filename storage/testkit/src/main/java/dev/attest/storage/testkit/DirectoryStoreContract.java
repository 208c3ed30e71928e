package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.org.ApiKey;
import dev.attest.core.store.DirectoryToken;
import dev.attest.core.store.SsoRequest;
import dev.attest.core.store.SsoSettings;
import dev.attest.core.store.Storage;
import java.security.SecureRandom;
import java.util.List;
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

    @Test
    void ssoSettings_unset_areNone_setTwice_keepTheLast_andTheRole() {
        assertThat(storage.directory().ssoSettings(acme)).isEqualTo(SsoSettings.NONE);
        storage.directory().setProvisioningRole(acme, Role.AUDITOR, T0);
        var first = new SsoSettings(
                "https://idp.acme.example", "attest", "v1.sealed", List.of("acme.example"), true, false);
        var second = new SsoSettings(
                "https://idp2.acme.example", "attest2", "v1.other", List.of("acme.example", "acme.test"), false, true);

        storage.directory().setSsoSettings(acme, first, T0.plusSeconds(1));
        storage.directory().setSsoSettings(acme, second, T0.plusSeconds(2));

        assertThat(storage.directory().ssoSettings(acme)).isEqualTo(second);
        assertThat(storage.directory().provisioningRole(acme)).contains(Role.AUDITOR);
        assertThat(storage.directory().organizationOfDomain("acme.test")).contains(acme);
        assertThat(storage.directory().ssoSettings(globex)).isEqualTo(SsoSettings.NONE);
    }

    @Test
    void setSsoSettings_withoutARole_joinsAsMember_andDroppedDomainsAreFree() {
        storage.directory()
                .setSsoSettings(acme, new SsoSettings(null, null, null, List.of("acme.example"), false, false), T0);
        storage.directory().setSsoSettings(acme, SsoSettings.NONE, T0.plusSeconds(1));

        assertThat(storage.directory().provisioningRole(acme)).contains(Role.MEMBER);
        assertThat(storage.directory().organizationOfDomain("acme.example")).isEmpty();
    }

    @Test
    void setSsoSettings_domainOfAnotherOrganization_isRejected_andChangesNothing() {
        storage.directory()
                .setSsoSettings(acme, new SsoSettings(null, null, null, List.of("acme.example"), false, false), T0);
        var clash = new SsoSettings(
                "https://idp.globex.example", "x", "v1.y", List.of("globex.example", "acme.example"), false, true);

        assertThatThrownBy(() -> storage.directory().setSsoSettings(globex, clash, T0.plusSeconds(1)))
                .isInstanceOf(IllegalStateException.class);

        assertThat(storage.directory().ssoSettings(globex)).isEqualTo(SsoSettings.NONE);
        assertThat(storage.directory().organizationOfDomain("acme.example")).contains(acme);
        assertThat(storage.directory().organizationOfDomain("globex.example")).isEmpty();
    }

    @Test
    void spendSsoRequest_once_thenNever_andNotWhenExpired() {
        String state = "a1".repeat(32);
        String old = "b2".repeat(32);
        storage.directory().createSsoRequest(new SsoRequest(state, acme, "n", "v", "/next", T0.plusSeconds(600)));
        storage.directory().createSsoRequest(new SsoRequest(old, acme, "n2", "v2", "", T0.plusSeconds(60)));

        assertThat(storage.directory().spendSsoRequest(old, T0.plusSeconds(60))).isEmpty();
        var spent = storage.directory().spendSsoRequest(state, T0.plusSeconds(1));
        assertThat(spent).hasValueSatisfying(r -> {
            assertThat(r.organization()).isEqualTo(acme);
            assertThat(r.nonce()).isEqualTo("n");
            assertThat(r.codeVerifier()).isEqualTo("v");
            assertThat(r.next()).isEqualTo("/next");
            assertThat(r.expiresAt()).isEqualTo(T0.plusSeconds(600));
        });
        assertThat(storage.directory().spendSsoRequest(state, T0.plusSeconds(2)))
                .isEmpty();
    }
}
