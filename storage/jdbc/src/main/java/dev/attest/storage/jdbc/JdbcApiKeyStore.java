package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Scope;
import dev.attest.core.store.ApiKeyStore;
import dev.attest.core.store.StoredApiKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jspecify.annotations.Nullable;

/** {@link ApiKeyStore} on {@code api_keys}: active keys are those whose {@code revoked_at} is NULL. */
final class JdbcApiKeyStore implements ApiKeyStore {
    private static final String COLUMNS =
            "id, organization_id, name, key_prefix, scopes, created_at, last_used_at, last_used_ip";
    private static final RowMapper<StoredApiKey> ROWS = (rs, ctx) -> new StoredApiKey(
            rs.getString("id"),
            new OrganizationId(rs.getString("organization_id")),
            rs.getString("name"),
            rs.getString("key_prefix"),
            Scope.parse(rs.getString("scopes")),
            Rows.instant(rs, "created_at", ctx),
            Rows.nullableInstant(rs, "last_used_at", ctx),
            rs.getString("last_used_ip"));

    private final Handles handles;

    JdbcApiKeyStore(Handles handles) {
        this.handles = handles;
    }

    /**
     * The id of an organization's first key, and of every key stored before keys had ids: {@code key_} and the first 8
     * bytes of its hash in hex (V11 on SQLite, V10 on PostgreSQL derive it the same way).
     */
    static String firstKeyId(byte[] hash) {
        return "key_" + HexFormat.of().formatHex(hash, 0, 8);
    }

    /** Inserts one key row; returns 1. */
    static int insert(Handle handle, StoredApiKey key, byte[] hash) {
        int inserted = handle.createUpdate("INSERT INTO api_keys (key_hash, id, organization_id, name, key_prefix,"
                        + " scopes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .bind(0, hash)
                .bind(1, key.id())
                .bind(2, key.organization().value())
                .bind(3, key.name())
                .bind(4, key.prefix())
                .bind(5, Scope.join(key.scopes()))
                .bind(6, key.createdAt())
                .execute();
        if (inserted == 0) {
            throw new IllegalStateException("API key " + key.id() + " or its hash exists already");
        }
        return inserted;
    }

    @Override
    public void create(StoredApiKey key, byte[] hash) {
        handles.write(handle -> insert(handle, key, hash));
    }

    @Override
    public List<StoredApiKey> list(OrganizationId organization) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM api_keys WHERE organization_id = ? AND revoked_at IS NULL ORDER BY created_at, id")
                .bind(0, organization.value())
                .map(ROWS)
                .list());
    }

    @Override
    public Optional<StoredApiKey> find(OrganizationId organization, String id) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM api_keys WHERE organization_id = ? AND id = ? AND revoked_at IS NULL")
                .bind(0, organization.value())
                .bind(1, id)
                .map(ROWS)
                .findOne());
    }

    @Override
    public Optional<StoredApiKey> findByHash(byte[] hash) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
                .bind(0, hash)
                .map(ROWS)
                .findOne());
    }

    @Override
    public boolean replace(OrganizationId organization, String id, byte[] newHash, String newPrefix) {
        return handles.write(handle -> handle.createUpdate("UPDATE api_keys SET key_hash = ?, key_prefix = ?"
                                + " WHERE organization_id = ? AND id = ? AND revoked_at IS NULL")
                        .bind(0, newHash)
                        .bind(1, newPrefix)
                        .bind(2, organization.value())
                        .bind(3, id)
                        .execute())
                == 1;
    }

    @Override
    public boolean revoke(OrganizationId organization, String id, Instant at) {
        return handles.write(handle -> handle.createUpdate("UPDATE api_keys SET revoked_at = ?"
                                + " WHERE organization_id = ? AND id = ? AND revoked_at IS NULL")
                        .bind(0, at)
                        .bind(1, organization.value())
                        .bind(2, id)
                        .execute())
                == 1;
    }

    @Override
    public void recordUse(String id, Instant at, @Nullable String ip) {
        // Several processes may note a use; the latest wins.
        handles.write(handle -> handle.createUpdate("UPDATE api_keys SET last_used_at = ?, last_used_ip = ?"
                        + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
                .bind(0, at)
                .bindByType(1, ip, String.class)
                .bind(2, id)
                .bind(3, at)
                .execute());
    }
}
