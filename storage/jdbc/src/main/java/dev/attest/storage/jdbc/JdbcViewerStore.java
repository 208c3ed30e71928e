package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.portal.ViewerGrant;
import dev.attest.core.portal.ViewerIdentity;
import dev.attest.core.portal.ViewerRestrictions;
import dev.attest.core.store.ViewerStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link ViewerStore} on {@code viewer_grants} and {@code viewer_origins}. */
final class JdbcViewerStore implements ViewerStore {
    private static final String COLUMNS = "id, organization_id, kind, viewer_id, viewer_email, viewer_name, workspaces,"
            + " actions, categories, since, until, export_allowed, csrf_token, created_at, expires_at, used_at, source";
    private static final RowMapper<ViewerGrant> ROWS = (rs, ctx) -> new ViewerGrant(
            rs.getString("id"),
            new OrganizationId(rs.getString("organization_id")),
            ViewerGrant.Kind.fromWire(rs.getString("kind")),
            new ViewerIdentity(rs.getString("viewer_id"), rs.getString("viewer_email"), rs.getString("viewer_name")),
            new ViewerRestrictions(
                    split(rs.getString("workspaces")),
                    split(rs.getString("actions")),
                    split(rs.getString("categories")),
                    Rows.nullableInstant(rs, "since", ctx),
                    Rows.nullableInstant(rs, "until", ctx),
                    rs.getBoolean("export_allowed")),
            rs.getString("csrf_token"),
            Rows.instant(rs, "created_at", ctx),
            Rows.instant(rs, "expires_at", ctx),
            Rows.nullableInstant(rs, "used_at", ctx),
            rs.getString("source"));

    private final Handles handles;

    JdbcViewerStore(Handles handles) {
        this.handles = handles;
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(" "));
    }

    @Override
    public void create(ViewerGrant grant, String tokenHash) {
        ViewerRestrictions r = grant.restrictions();
        ViewerIdentity viewer = grant.viewer();
        int inserted = handles.write(handle -> handle.createUpdate("INSERT INTO viewer_grants (token_hash, "
                        + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .bind(0, tokenHash)
                .bind(1, grant.id())
                .bind(2, grant.organization().value())
                .bind(3, grant.kind().wire())
                .bind(4, viewer.id())
                .bindByType(5, viewer.email(), String.class)
                .bindByType(6, viewer.name(), String.class)
                .bind(7, String.join(" ", r.workspaces()))
                .bind(8, String.join(" ", r.actions()))
                .bind(9, String.join(" ", r.categories()))
                .bindByType(10, r.since(), Instant.class)
                .bindByType(11, r.until(), Instant.class)
                .bind(12, r.exportAllowed())
                .bindByType(13, grant.csrf(), String.class)
                .bind(14, grant.createdAt())
                .bind(15, grant.expiresAt())
                .bindByType(16, grant.usedAt(), Instant.class)
                .bindByType(17, grant.source(), String.class)
                .execute());
        if (inserted == 0) {
            throw new IllegalStateException("viewer grant " + grant.id() + " or its hash exists already");
        }
    }

    @Override
    public Optional<ViewerGrant> findByHash(String tokenHash) {
        return handles.read(
                handle -> handle.createQuery("SELECT " + COLUMNS + " FROM viewer_grants WHERE token_hash = ?")
                        .bind(0, tokenHash)
                        .map(ROWS)
                        .findOne());
    }

    @Override
    public boolean redeem(String tokenHash, Instant at) {
        return handles.write(handle -> handle.createUpdate("UPDATE viewer_grants SET used_at = ? WHERE token_hash = ?"
                                + " AND kind = 'link' AND used_at IS NULL AND expires_at > ?")
                        .bind(0, at)
                        .bind(1, tokenHash)
                        .bind(2, at)
                        .execute())
                == 1;
    }

    @Override
    public void delete(String tokenHash) {
        handles.write(
                handle -> handle.createUpdate("DELETE FROM viewer_grants WHERE token_hash = ? AND kind = 'session'")
                        .bind(0, tokenHash)
                        .execute());
    }

    @Override
    public List<String> origins(OrganizationId organization) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT origin FROM viewer_origins WHERE organization_id = ? ORDER BY origin")
                .bind(0, organization.value())
                .mapTo(String.class)
                .list());
    }

    @Override
    public void replaceOrigins(OrganizationId organization, List<String> origins, Instant at) {
        handles.write(handle -> {
            handle.createUpdate("DELETE FROM viewer_origins WHERE organization_id = ?")
                    .bind(0, organization.value())
                    .execute();
            for (String origin : origins) {
                handle.createUpdate("INSERT INTO viewer_origins (organization_id, origin, created_at) VALUES (?, ?, ?)")
                        .bind(0, organization.value())
                        .bind(1, origin)
                        .bind(2, at)
                        .execute();
            }
            return origins.size();
        });
    }
}
