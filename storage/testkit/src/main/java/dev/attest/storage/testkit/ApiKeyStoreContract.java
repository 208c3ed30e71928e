package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Scope;
import dev.attest.core.store.Storage;
import dev.attest.core.store.StoredApiKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link dev.attest.core.store.ApiKeyStore}. */
public abstract class ApiKeyStoreContract {
    private static final SecureRandom RANDOM = new SecureRandom();

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

    private static StoredApiKey key(OrganizationId org, String id, String name, Set<Scope> scopes, ApiKey secret) {
        return new StoredApiKey(id, org, name, secret.displayPrefix(), scopes, T0.plusSeconds(1), null, null);
    }

    @Test
    void createOrganization_firstKey_hasEveryScopeAndTheDefaultName() {
        Map.Entry<OrganizationId, ApiKey> org = TestEvents.organization(storage, "Acme");

        assertThat(storage.apiKeys().findByHash(org.getValue().hash())).hasValueSatisfying(first -> {
            assertThat(first.organization()).isEqualTo(org.getKey());
            assertThat(first.name()).isEqualTo(StoredApiKey.FIRST_KEY_NAME);
            assertThat(first.scopes()).isEqualTo(EnumSet.allOf(Scope.class));
            assertThat(first.prefix()).isEqualTo(org.getValue().displayPrefix());
            assertThat(first.id()).startsWith("key_");
            assertThat(first.lastUsedAt()).isNull();
        });
    }

    @Test
    void create_severalKeys_listedOldestFirstWithTheirScopes() {
        OrganizationId org = TestEvents.organization(storage, "Acme").getKey();
        ApiKey secret = ApiKey.generate(RANDOM);

        storage.apiKeys().create(key(org, "key_write", "producer", Set.of(Scope.EVENTS_WRITE), secret), secret.hash());

        assertThat(storage.apiKeys().list(org))
                .extracting(StoredApiKey::name)
                .containsExactly(StoredApiKey.FIRST_KEY_NAME, "producer");
        assertThat(storage.apiKeys().find(org, "key_write"))
                .hasValueSatisfying(found -> assertThat(found.scopes()).containsExactly(Scope.EVENTS_WRITE));
        assertThat(storage.apiKeys().findByHash(secret.hash()))
                .hasValueSatisfying(found -> assertThat(found.id()).isEqualTo("key_write"));
    }

    @Test
    void create_takenId_isRejected() {
        OrganizationId org = TestEvents.organization(storage, "Acme").getKey();
        ApiKey first = ApiKey.generate(RANDOM);
        ApiKey second = ApiKey.generate(RANDOM);
        storage.apiKeys().create(key(org, "key_a", "a", Set.of(Scope.ADMIN), first), first.hash());

        assertThatThrownBy(() ->
                        storage.apiKeys().create(key(org, "key_a", "b", Set.of(Scope.ADMIN), second), second.hash()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(storage.apiKeys().findByHash(second.hash())).isEmpty();
    }

    @Test
    void replace_activeKey_oldHashStopsAndNewOneMatchesTheSameId() {
        OrganizationId org = TestEvents.organization(storage, "Acme").getKey();
        ApiKey old = ApiKey.generate(RANDOM);
        ApiKey fresh = ApiKey.generate(RANDOM);
        storage.apiKeys().create(key(org, "key_r", "r", Set.of(Scope.EVENTS_READ), old), old.hash());

        assertThat(storage.apiKeys().replace(org, "key_r", fresh.hash(), fresh.displayPrefix()))
                .isTrue();

        assertThat(storage.apiKeys().findByHash(old.hash())).isEmpty();
        assertThat(storage.apiKeys().findByHash(fresh.hash())).hasValueSatisfying(found -> {
            assertThat(found.id()).isEqualTo("key_r");
            assertThat(found.prefix()).isEqualTo(fresh.displayPrefix());
            assertThat(found.scopes()).containsExactly(Scope.EVENTS_READ);
        });
    }

    @Test
    void revoke_activeKey_stopsMatchingAndIsListedNoMore() {
        Map.Entry<OrganizationId, ApiKey> org = TestEvents.organization(storage, "Acme");
        String id = storage.apiKeys()
                .findByHash(org.getValue().hash())
                .orElseThrow()
                .id();

        assertThat(storage.apiKeys().revoke(org.getKey(), id, T0.plusSeconds(5)))
                .isTrue();

        assertThat(storage.apiKeys().findByHash(org.getValue().hash())).isEmpty();
        assertThat(storage.apiKeys().list(org.getKey())).isEmpty();
        assertThat(storage.apiKeys().revoke(org.getKey(), id, T0.plusSeconds(6)))
                .isFalse();
        assertThat(storage.apiKeys().replace(org.getKey(), id, new byte[32], "atk_x"))
                .isFalse();
    }

    @Test
    void findAndChange_keyOfAnotherOrganization_areNotSeen() {
        Map.Entry<OrganizationId, ApiKey> acme = TestEvents.organization(storage, "Acme");
        OrganizationId globex = TestEvents.organization(storage, "Globex").getKey();
        String id = storage.apiKeys()
                .findByHash(acme.getValue().hash())
                .orElseThrow()
                .id();

        assertThat(storage.apiKeys().find(globex, id)).isEmpty();
        assertThat(storage.apiKeys().revoke(globex, id, T0)).isFalse();
        assertThat(storage.apiKeys().findByHash(acme.getValue().hash())).isPresent();
    }

    @Test
    void recordUse_laterUse_wins_earlierIsIgnored() {
        Map.Entry<OrganizationId, ApiKey> org = TestEvents.organization(storage, "Acme");
        String id = storage.apiKeys()
                .findByHash(org.getValue().hash())
                .orElseThrow()
                .id();

        storage.apiKeys().recordUse(id, T0.plus(Duration.ofMinutes(2)), "203.0.113.9");
        storage.apiKeys().recordUse(id, T0.plus(Duration.ofMinutes(1)), "198.51.100.1");

        StoredApiKey found = storage.apiKeys().find(org.getKey(), id).orElseThrow();
        assertThat(found.lastUsedAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(found.lastUsedIp()).isEqualTo("203.0.113.9");
    }
}
