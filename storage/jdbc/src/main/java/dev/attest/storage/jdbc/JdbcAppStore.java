package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Scope;
import dev.attest.core.store.AccessToken;
import dev.attest.core.store.AppStore;
import dev.attest.core.store.StoredApp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link AppStore} on {@code apps} and {@code app_tokens}: live apps are those whose {@code deleted_at} is NULL. */
final class JdbcAppStore implements AppStore {
    private static final String COLUMNS = "a.id, a.organization_id, a.name, a.client_id, a.scopes, a.created_at";
    private static final RowMapper<StoredApp> ROWS = (rs, ctx) -> new StoredApp(
            rs.getString("id"),
            new OrganizationId(rs.getString("organization_id")),
            rs.getString("name"),
            rs.getString("client_id"),
            Scope.parse(rs.getString("scopes")),
            Rows.instant(rs, "created_at", ctx));

    private final Handles handles;

    JdbcAppStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public void create(StoredApp app, byte[] secretHash) {
        int inserted = handles.write(handle -> handle.createUpdate("INSERT INTO apps (id, organization_id, name,"
                        + " client_id, secret_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .bind(0, app.id())
                .bind(1, app.organization().value())
                .bind(2, app.name())
                .bind(3, app.clientId())
                .bind(4, secretHash)
                .bind(5, Scope.join(app.scopes()))
                .bind(6, app.createdAt())
                .execute());
        if (inserted == 0) {
            throw new IllegalStateException("app " + app.id() + " or client id " + app.clientId() + " exists already");
        }
    }

    @Override
    public List<StoredApp> list(OrganizationId organization) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS
                                + " FROM apps a WHERE a.organization_id = ? AND a.deleted_at IS NULL ORDER BY a.created_at, a.id")
                .bind(0, organization.value())
                .map(ROWS)
                .list());
    }

    @Override
    public Optional<StoredApp> find(OrganizationId organization, String id) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM apps a WHERE a.organization_id = ? AND a.id = ? AND a.deleted_at IS NULL")
                .bind(0, organization.value())
                .bind(1, id)
                .map(ROWS)
                .findOne());
    }

    @Override
    public Optional<StoredApp> findByCredentials(String clientId, byte[] secretHash) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM apps a WHERE a.client_id = ? AND a.secret_hash = ? AND a.deleted_at IS NULL")
                .bind(0, clientId)
                .bind(1, secretHash)
                .map(ROWS)
                .findOne());
    }

    @Override
    public boolean replaceSecret(OrganizationId organization, String id, byte[] newSecretHash) {
        return handles.write(handle -> {
            int changed = handle.createUpdate("UPDATE apps SET secret_hash = ?"
                            + " WHERE organization_id = ? AND id = ? AND deleted_at IS NULL")
                    .bind(0, newSecretHash)
                    .bind(1, organization.value())
                    .bind(2, id)
                    .execute();
            endTokens(handle, id);
            return changed == 1;
        });
    }

    @Override
    public boolean delete(OrganizationId organization, String id, Instant at) {
        return handles.write(handle -> {
            int changed = handle.createUpdate(
                            "UPDATE apps SET deleted_at = ? WHERE organization_id = ? AND id = ? AND deleted_at IS NULL")
                    .bind(0, at)
                    .bind(1, organization.value())
                    .bind(2, id)
                    .execute();
            if (changed == 1) {
                endTokens(handle, id);
            }
            return changed == 1;
        });
    }

    private static void endTokens(Handle handle, String appId) {
        handle.createUpdate("DELETE FROM app_tokens WHERE app_id = ?")
                .bind(0, appId)
                .execute();
    }

    @Override
    public void createToken(byte[] tokenHash, AccessToken token, Instant now) {
        handles.write(handle -> {
            handle.createUpdate("DELETE FROM app_tokens WHERE app_id = ? AND expires_at <= ?")
                    .bind(0, token.app().id())
                    .bind(1, now)
                    .execute();
            return handle.createUpdate(
                            "INSERT INTO app_tokens (token_hash, app_id, scopes, expires_at) VALUES (?, ?, ?, ?)")
                    .bind(0, tokenHash)
                    .bind(1, token.app().id())
                    .bind(2, Scope.join(token.scopes()))
                    .bind(3, token.expiresAt())
                    .execute();
        });
    }

    @Override
    public Optional<AccessToken> findToken(byte[] tokenHash, Instant now) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + ", t.scopes AS token_scopes, t.expires_at"
                                + " FROM app_tokens t JOIN apps a ON a.id = t.app_id"
                                + " WHERE t.token_hash = ? AND t.expires_at > ? AND a.deleted_at IS NULL")
                .bind(0, tokenHash)
                .bind(1, now)
                .map((rs, ctx) -> new AccessToken(
                        ROWS.map(rs, ctx),
                        Scope.parse(rs.getString("token_scopes")),
                        Rows.instant(rs, "expires_at", ctx)))
                .findOne());
    }
}
