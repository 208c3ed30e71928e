package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Invitation;
import dev.attest.core.org.Organization;
import dev.attest.core.org.Scope;
import dev.attest.core.store.OrganizationStore;
import dev.attest.core.store.StoredApiKey;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link OrganizationStore} on {@code organizations} and {@code api_keys}. */
final class JdbcOrganizationStore implements OrganizationStore {
    private static final String COLUMNS = "id, name, created_at, require_mfa, deleted_at";
    private static final RowMapper<Organization> ROWS = (rs, ctx) -> new Organization(
            new OrganizationId(rs.getString("id")),
            rs.getString("name"),
            Rows.instant(rs, "created_at", ctx),
            rs.getBoolean("require_mfa"),
            Rows.nullableInstant(rs, "deleted_at", ctx));

    private final Handles handles;
    private final Dialect dialect;

    JdbcOrganizationStore(Handles handles, Dialect dialect) {
        this.handles = handles;
        this.dialect = dialect;
    }

    @Override
    public void create(Organization organization, byte[] apiKeyHash, String apiKeyPrefix) {
        handles.write(handle -> {
            int inserted = handle.createUpdate(
                            "INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .bind(0, organization.id().value())
                    .bind(1, organization.name())
                    .bind(2, organization.createdAt())
                    .execute();
            if (inserted == 0) {
                throw new IllegalStateException("organization " + organization.id() + " exists already");
            }
            return JdbcApiKeyStore.insert(
                    handle,
                    new StoredApiKey(
                            JdbcApiKeyStore.firstKeyId(apiKeyHash),
                            organization.id(),
                            StoredApiKey.FIRST_KEY_NAME,
                            apiKeyPrefix,
                            EnumSet.allOf(Scope.class),
                            organization.createdAt(),
                            null,
                            null),
                    apiKeyHash);
        });
    }

    @Override
    public Optional<Organization> find(OrganizationId id) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM organizations WHERE id = ?")
                .bind(0, id.value())
                .map(ROWS)
                .findOne());
    }

    @Override
    public Optional<Organization> findForUpdate(OrganizationId id) {
        return handles.write(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM organizations WHERE id = ?" + dialect.lockRows())
                .bind(0, id.value())
                .map(ROWS)
                .findOne());
    }

    @Override
    public Optional<OrganizationId> findByApiKeyHash(byte[] apiKeyHash) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT organization_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
                .bind(0, apiKeyHash)
                .map((rs, ctx) -> new OrganizationId(rs.getString(1)))
                .findOne());
    }

    @Override
    public List<Organization> list() {
        return handles.read(
                handle -> handle.createQuery("SELECT " + COLUMNS + " FROM organizations ORDER BY created_at, id")
                        .map(ROWS)
                        .list());
    }

    @Override
    public boolean rename(OrganizationId id, String name) {
        return handles.write(handle -> handle.createUpdate("UPDATE organizations SET name = ? WHERE id = ?")
                        .bind(0, name)
                        .bind(1, id.value())
                        .execute())
                == 1;
    }

    @Override
    public boolean requireMfa(OrganizationId id, boolean required) {
        return handles.write(handle -> handle.createUpdate("UPDATE organizations SET require_mfa = ? WHERE id = ?")
                        .bind(0, required)
                        .bind(1, id.value())
                        .execute())
                == 1;
    }

    @Override
    public boolean delete(OrganizationId id, Instant at) {
        return handles.write(handle -> {
            int deleted = handle.createUpdate(
                            "UPDATE organizations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")
                    .bind(0, at)
                    .bind(1, id.value())
                    .execute();
            if (deleted == 0) {
                return false;
            }
            // Every way into the organization ends with it; rows are closed, not dropped, except the short-lived
            // secrets (sessions, access tokens) that only ever authenticate.
            handle.createUpdate("UPDATE api_keys SET revoked_at = ? WHERE organization_id = ? AND revoked_at IS NULL")
                    .bind(0, at)
                    .bind(1, id.value())
                    .execute();
            handle.createUpdate("DELETE FROM sessions WHERE member_id IN"
                            + " (SELECT id FROM members WHERE organization_id = ?)")
                    .bind(0, id.value())
                    .execute();
            handle.createUpdate("DELETE FROM app_tokens WHERE app_id IN"
                            + " (SELECT id FROM apps WHERE organization_id = ?)")
                    .bind(0, id.value())
                    .execute();
            handle.createUpdate("UPDATE apps SET deleted_at = ? WHERE organization_id = ? AND deleted_at IS NULL")
                    .bind(0, at)
                    .bind(1, id.value())
                    .execute();
            handle.createUpdate(
                            "UPDATE directory_tokens SET revoked_at = ? WHERE organization_id = ? AND revoked_at IS NULL")
                    .bind(0, at)
                    .bind(1, id.value())
                    .execute();
            // A super-user acting as one of its members is themselves again.
            handle.createUpdate("UPDATE sessions SET acting_as = NULL, acting_reason = NULL, acting_until = NULL"
                            + " WHERE acting_as IN (SELECT id FROM members WHERE organization_id = ?)")
                    .bind(0, id.value())
                    .execute();
            handle.createUpdate("UPDATE invitations SET status = ? WHERE organization_id = ? AND status = ?")
                    .bind(0, Invitation.Status.REVOKED.wire())
                    .bind(1, id.value())
                    .bind(2, Invitation.Status.PENDING.wire())
                    .execute();
            return true;
        });
    }
}
