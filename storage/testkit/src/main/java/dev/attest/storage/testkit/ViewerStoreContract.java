package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.portal.ViewerGrant;
import dev.attest.core.portal.ViewerIdentity;
import dev.attest.core.portal.ViewerRestrictions;
import dev.attest.core.store.Storage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link dev.attest.core.store.ViewerStore}. */
public abstract class ViewerStoreContract {
    protected Storage storage;
    private OrganizationId acme;
    private OrganizationId globex;
    private ViewerGrant link;

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        acme = TestEvents.organization(storage, "Acme").getKey();
        globex = TestEvents.organization(storage, "Globex").getKey();
        link = new ViewerGrant(
                "plk_1",
                acme,
                ViewerGrant.Kind.LINK,
                new ViewerIdentity("cust_42", "olive@customer.test", null),
                new ViewerRestrictions(
                        List.of("production", "eu"), List.of(), List.of("auth"), T0, T0.plusSeconds(3600), true),
                null,
                T0,
                T0.plusSeconds(300),
                null,
                null);
        storage.viewers().create(link, "a".repeat(64));
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void create_isFoundByItsHash_asStored() {
        assertThat(storage.viewers().findByHash("a".repeat(64))).contains(link);
        assertThat(storage.viewers().findByHash("b".repeat(64))).isEmpty();
    }

    @Test
    void create_takenHash_isRejected() {
        var other = new ViewerGrant(
                "vtk_1",
                globex,
                ViewerGrant.Kind.TOKEN,
                new ViewerIdentity("x", null, null),
                ViewerRestrictions.NONE,
                null,
                T0,
                T0.plusSeconds(60),
                null,
                null);

        assertThatThrownBy(() -> storage.viewers().create(other, "a".repeat(64)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void redeem_once_beforeExpiry() {
        assertThat(storage.viewers().redeem("a".repeat(64), T0.plusSeconds(301)))
                .isFalse();
        assertThat(storage.viewers().redeem("a".repeat(64), T0.plusSeconds(10))).isTrue();
        assertThat(storage.viewers().redeem("a".repeat(64), T0.plusSeconds(11))).isFalse();
        assertThat(storage.viewers().findByHash("a".repeat(64)).orElseThrow().usedAt())
                .isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void replaceOrigins_perOrganization_sorted() {
        storage.viewers().replaceOrigins(acme, List.of("https://b.test", "https://a.test"), T0);
        storage.viewers().replaceOrigins(acme, List.of("https://c.test", "https://a.test"), T0);

        assertThat(storage.viewers().origins(acme)).containsExactly("https://a.test", "https://c.test");
        assertThat(storage.viewers().origins(globex)).isEmpty();
    }
}
