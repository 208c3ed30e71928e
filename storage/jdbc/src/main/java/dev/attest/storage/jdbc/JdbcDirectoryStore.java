package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.store.DirectoryStore;
import dev.attest.core.store.DirectoryToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link DirectoryStore} on {@code directory_tokens} (live tokens are those whose {@code revoked_at} is NULL) and
 * {@code directory_settings}.
 */
final class JdbcDirectoryStore implements DirectoryStore {
    private static final String COLUMNS = "id, organization_id, provider, token_prefix, manages_owners, created_at";
    private static final RowMapper<DirectoryToken> ROWS = (rs, ctx) -> new DirectoryToken(
            rs.getString("id"),
            new OrganizationId(rs.getString("organization_id")),
            rs.getString("provider"),
            rs.getString("token_prefix"),
            rs.getBoolean("manages_owners"),
            Rows.instant(rs, "created_at", ctx));

    private final Handles handles;

    JdbcDirectoryStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public void createToken(DirectoryToken token, byte[] tokenHash) {
        int inserted = handles.write(handle -> handle.createUpdate("INSERT INTO directory_tokens (" + COLUMNS
                        + ", token_hash) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .bind(0, token.id())
                .bind(1, token.organization().value())
                .bind(2, token.provider())
                .bind(3, token.prefix())
                .bind(4, token.managesOwners())
                .bind(5, token.createdAt())
                .bind(6, tokenHash)
                .execute());
        if (inserted == 0) {
            throw new IllegalStateException("directory token " + token.id() + " exists already");
        }
    }

    @Override
    public List<DirectoryToken> listTokens(OrganizationId organization) {
        return handles.read(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM directory_tokens WHERE organization_id = ? AND revoked_at IS NULL"
                        + " ORDER BY created_at, id")
                .bind(0, organization.value())
                .map(ROWS)
                .list());
    }

    @Override
    public Optional<DirectoryToken> findToken(byte[] tokenHash) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM directory_tokens WHERE token_hash = ? AND revoked_at IS NULL")
                .bind(0, tokenHash)
                .map(ROWS)
                .findOne());
    }

    @Override
    public boolean revokeToken(OrganizationId organization, String id, Instant at) {
        return handles.write(handle -> handle.createUpdate("UPDATE directory_tokens SET revoked_at = ?"
                                + " WHERE organization_id = ? AND id = ? AND revoked_at IS NULL")
                        .bind(0, at)
                        .bind(1, organization.value())
                        .bind(2, id)
                        .execute())
                == 1;
    }

    @Override
    public Optional<Role> provisioningRole(OrganizationId organization) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT provisioning_role FROM directory_settings WHERE organization_id = ?")
                .bind(0, organization.value())
                .mapTo(String.class)
                .findOne()
                .map(wire -> Role.fromWire(wire).orElseThrow()));
    }

    @Override
    public void setProvisioningRole(OrganizationId organization, Role role, Instant at) {
        handles.write(handle -> handle.createUpdate(
                        "INSERT INTO directory_settings (organization_id,"
                                + " provisioning_role, updated_at) VALUES (?, ?, ?) ON CONFLICT (organization_id)"
                                + " DO UPDATE SET provisioning_role = excluded.provisioning_role, updated_at = excluded.updated_at")
                .bind(0, organization.value())
                .bind(1, role.wire())
                .bind(2, at)
                .execute());
    }
}
