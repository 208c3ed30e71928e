package dev.attest.storage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Scope;
import dev.attest.core.store.Storage;
import dev.attest.core.store.StoredApiKey;
import java.util.EnumSet;
import java.util.List;

/**
 * An organization and its one key as a database from before keys had names and scopes holds them (SQLite V6,
 * PostgreSQL V5), for the backends' migration tests.
 */
public final class LegacyApiKeys {
    /** The statements that store the organization and its key, with their arguments. */
    public record Row(String sql, List<Object> values) {
        /** The values as JDBI's varargs take them. */
        public Object[] arguments() {
            return values.toArray();
        }
    }

    private LegacyApiKeys() {}

    /** The organization's row and its key's row, in the columns of the previous schema. */
    public static List<Row> rows(OrganizationId org, ApiKey key) {
        return List.of(
                new Row(
                        "INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)",
                        List.of(org.value(), "Legacy", TestEvents.T0)),
                new Row(
                        "INSERT INTO api_keys (key_hash, organization_id, key_prefix, created_at) VALUES (?, ?, ?, ?)",
                        List.of(key.hash(), org.value(), key.displayPrefix(), TestEvents.T0)));
    }

    /** The key still opens its organization, with every scope, the default name and an id from its hash. */
    public static void assertMigrated(Storage storage, OrganizationId org, ApiKey key) {
        StoredApiKey migrated = storage.apiKeys().findByHash(key.hash()).orElseThrow();
        assertThat(migrated.organization()).isEqualTo(org);
        assertThat(migrated.scopes()).isEqualTo(EnumSet.allOf(Scope.class));
        assertThat(migrated.name()).isEqualTo(StoredApiKey.FIRST_KEY_NAME);
        assertThat(migrated.prefix()).isEqualTo(key.displayPrefix());
        assertThat(migrated.id()).isEqualTo("key_" + key.hashHex().substring(0, 16));
        assertThat(storage.apiKeys().list(org)).containsExactly(migrated);
    }
}
