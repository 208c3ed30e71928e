package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.store.DirectoryStore;
import dev.attest.core.store.DirectoryToken;
import dev.attest.core.store.SsoRequest;
import dev.attest.core.store.SsoSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link DirectoryStore} on {@code directory_tokens} (live tokens are those whose {@code revoked_at} is NULL),
 * {@code directory_settings} (the provisioning role and the organization's SSO), {@code sso_domains} and
 * {@code sso_requests}.
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

    @Override
    public SsoSettings ssoSettings(OrganizationId organization) {
        return handles.read(handle -> {
            List<String> domains = handle.createQuery(
                            "SELECT domain FROM sso_domains WHERE organization_id = ? ORDER BY domain")
                    .bind(0, organization.value())
                    .mapTo(String.class)
                    .list();
            return handle.createQuery("SELECT sso_issuer, sso_client_id, sso_client_secret, sso_just_in_time,"
                            + " sso_required FROM directory_settings WHERE organization_id = ?")
                    .bind(0, organization.value())
                    .map((rs, ctx) -> new SsoSettings(
                            rs.getString("sso_issuer"),
                            rs.getString("sso_client_id"),
                            rs.getString("sso_client_secret"),
                            domains,
                            rs.getBoolean("sso_just_in_time"),
                            rs.getBoolean("sso_required")))
                    .findOne()
                    .orElse(new SsoSettings(null, null, null, domains, false, false));
        });
    }

    @Override
    public void setSsoSettings(OrganizationId organization, SsoSettings settings, Instant at) {
        handles.write(handle -> {
            // A new row joins with the default provisioning role, as an organization without a row does.
            handle.createUpdate("INSERT INTO directory_settings (organization_id, provisioning_role, updated_at,"
                            + " sso_issuer, sso_client_id, sso_client_secret, sso_just_in_time, sso_required)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organization_id) DO UPDATE SET"
                            + " updated_at = excluded.updated_at, sso_issuer = excluded.sso_issuer,"
                            + " sso_client_id = excluded.sso_client_id, sso_client_secret = excluded.sso_client_secret,"
                            + " sso_just_in_time = excluded.sso_just_in_time, sso_required = excluded.sso_required")
                    .bind(0, organization.value())
                    .bind(1, Role.MEMBER.wire())
                    .bind(2, at)
                    .bind(3, settings.issuer())
                    .bind(4, settings.clientId())
                    .bind(5, settings.sealedClientSecret())
                    .bind(6, settings.justInTime())
                    .bind(7, settings.required())
                    .execute();
            handle.createUpdate("DELETE FROM sso_domains WHERE organization_id = ?")
                    .bind(0, organization.value())
                    .execute();
            for (String domain : settings.emailDomains()) {
                int inserted = handle.createUpdate(
                                "INSERT INTO sso_domains (domain, organization_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .bind(0, domain)
                        .bind(1, organization.value())
                        .execute();
                if (inserted == 0) {
                    // Thrown inside the transaction: nothing of this change stays.
                    throw new IllegalStateException("the email domain " + domain + " belongs to another organization");
                }
            }
            return null;
        });
    }

    @Override
    public Optional<OrganizationId> organizationOfDomain(String domain) {
        return handles.read(handle -> handle.createQuery("SELECT organization_id FROM sso_domains WHERE domain = ?")
                .bind(0, domain)
                .mapTo(String.class)
                .findOne()
                .map(OrganizationId::new));
    }

    @Override
    public void createSsoRequest(SsoRequest request) {
        handles.write(handle -> handle.createUpdate("INSERT INTO sso_requests (state_hash, organization_id, nonce,"
                        + " code_verifier, next, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, request.stateHash())
                .bind(1, request.organization().value())
                .bind(2, request.nonce())
                .bind(3, request.codeVerifier())
                .bind(4, request.next())
                .bind(5, request.expiresAt())
                .execute());
    }

    @Override
    public Optional<SsoRequest> spendSsoRequest(String stateHash, Instant now) {
        return handles.write(handle -> {
            handle.createUpdate("DELETE FROM sso_requests WHERE expires_at <= ?")
                    .bind(0, now)
                    .execute();
            Optional<SsoRequest> found = handle.createQuery("SELECT state_hash, organization_id, nonce, code_verifier,"
                            + " next, expires_at FROM sso_requests WHERE state_hash = ?")
                    .bind(0, stateHash)
                    .map((rs, ctx) -> new SsoRequest(
                            rs.getString("state_hash"),
                            new OrganizationId(rs.getString("organization_id")),
                            rs.getString("nonce"),
                            rs.getString("code_verifier"),
                            rs.getString("next"),
                            Rows.instant(rs, "expires_at", ctx)))
                    .findOne();
            // The row count decides who spent it: a second callback with the same state deletes nothing.
            int deleted = handle.createUpdate("DELETE FROM sso_requests WHERE state_hash = ?")
                    .bind(0, stateHash)
                    .execute();
            return deleted == 1 ? found : Optional.<SsoRequest>empty();
        });
    }
}
