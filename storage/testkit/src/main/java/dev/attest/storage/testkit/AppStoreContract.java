package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Scope;
import dev.attest.core.store.AccessToken;
import dev.attest.core.store.Storage;
import dev.attest.core.store.StoredApp;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link dev.attest.core.store.AppStore}. */
public abstract class AppStoreContract {
    private static final SecureRandom RANDOM = new SecureRandom();

    protected Storage storage;
    private OrganizationId org;
    private StoredApp app;
    private byte[] secret;

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        storage = openStorage();
        org = TestEvents.organization(storage, "Acme").getKey();
        app = new StoredApp(
                "app_1", org, "Reporter", "cli_1", Set.of(Scope.EVENTS_READ, Scope.EVENTS_WRITE), T0.plusSeconds(1));
        secret = ApiKey.generate(RANDOM).hash();
        storage.apps().create(app, secret);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private byte[] token(Set<Scope> scopes, Duration lifetime) {
        byte[] hash = ApiKey.generate(RANDOM).hash();
        storage.apps().createToken(hash, new AccessToken(app, scopes, T0.plus(lifetime)), T0);
        return hash;
    }

    @Test
    void create_app_isListedAndFoundByItsCredentials() {
        assertThat(storage.apps().list(org)).containsExactly(app);
        assertThat(storage.apps().find(org, "app_1")).contains(app);
        assertThat(storage.apps().findByCredentials("cli_1", secret)).contains(app);
        assertThat(storage.apps().findByCredentials("cli_1", new byte[32])).isEmpty();
    }

    @Test
    void create_takenClientId_isRejected() {
        var again = new StoredApp("app_2", org, "Again", "cli_1", Set.of(Scope.ADMIN), T0);

        assertThatThrownBy(() -> storage.apps().create(again, new byte[32])).isInstanceOf(IllegalStateException.class);
        assertThat(storage.apps().find(org, "app_2")).isEmpty();
    }

    @Test
    void findToken_live_carriesItsScopesAndApp_expired_isEmpty() {
        byte[] live = token(Set.of(Scope.EVENTS_READ), Duration.ofMinutes(15));

        assertThat(storage.apps().findToken(live, T0)).hasValueSatisfying(found -> {
            assertThat(found.app()).isEqualTo(app);
            assertThat(found.scopes()).containsExactly(Scope.EVENTS_READ);
            assertThat(found.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        });
        assertThat(storage.apps().findToken(live, T0.plus(Duration.ofMinutes(15))))
                .isEmpty();
    }

    @Test
    void replaceSecret_oldSecretAndItsTokensStop() {
        byte[] live = token(Set.of(Scope.EVENTS_READ), Duration.ofMinutes(15));
        byte[] fresh = ApiKey.generate(RANDOM).hash();

        assertThat(storage.apps().replaceSecret(org, "app_1", fresh)).isTrue();

        assertThat(storage.apps().findByCredentials("cli_1", secret)).isEmpty();
        assertThat(storage.apps().findByCredentials("cli_1", fresh)).contains(app);
        assertThat(storage.apps().findToken(live, T0)).isEmpty();
    }

    @Test
    void delete_appAndTokensStop_otherOrganizationCannot() {
        byte[] live = token(Set.of(Scope.EVENTS_WRITE), Duration.ofMinutes(15));
        OrganizationId globex = TestEvents.organization(storage, "Globex").getKey();

        assertThat(storage.apps().delete(globex, "app_1", T0)).isFalse();
        assertThat(storage.apps().findToken(live, T0)).isPresent();
        assertThat(storage.apps().delete(org, "app_1", T0)).isTrue();

        assertThat(storage.apps().list(org)).isEmpty();
        assertThat(storage.apps().findByCredentials("cli_1", secret)).isEmpty();
        assertThat(storage.apps().findToken(live, T0)).isEmpty();
        assertThat(storage.apps().delete(org, "app_1", T0)).isFalse();
    }
}
