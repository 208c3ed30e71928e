package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Workspace;
import dev.attest.core.store.WorkspaceStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** {@link WorkspaceStore} on {@code workspaces}, {@code member_workspaces} and, for access, {@code group_*}. */
final class JdbcWorkspaceStore implements WorkspaceStore {
    private final Handles handles;

    JdbcWorkspaceStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public boolean create(Workspace workspace) {
        if (Workspace.DEFAULT.equals(workspace.name())) {
            return false;
        }
        return handles.write(handle -> handle.createUpdate(
                                "INSERT INTO workspaces (organization_id, name, created_at) VALUES (?, ?, ?)"
                                        + " ON CONFLICT DO NOTHING")
                        .bind(0, workspace.organization().value())
                        .bind(1, workspace.name())
                        .bind(2, workspace.createdAt())
                        .execute())
                == 1;
    }

    @Override
    public List<Workspace> list(OrganizationId organization) {
        return handles.readTogether(handle -> {
            var all = new ArrayList<Workspace>();
            // "default" is created with the organization, so it has the organization's age.
            handle.createQuery("SELECT created_at FROM organizations WHERE id = ?")
                    .bind(0, organization.value())
                    .map((rs, ctx) -> Rows.instant(rs, "created_at", ctx))
                    .findOne()
                    .ifPresent(createdAt -> all.add(new Workspace(organization, Workspace.DEFAULT, createdAt)));
            all.addAll(handle.createQuery(
                            "SELECT name, created_at FROM workspaces WHERE organization_id = ? ORDER BY name")
                    .bind(0, organization.value())
                    .map((rs, ctx) ->
                            new Workspace(organization, rs.getString("name"), Rows.instant(rs, "created_at", ctx)))
                    .list());
            return List.copyOf(all);
        });
    }

    @Override
    public List<String> ofMember(String memberId) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT workspace FROM member_workspaces WHERE member_id = ? ORDER BY workspace")
                .bind(0, memberId)
                .mapTo(String.class)
                .list());
    }

    @Override
    public void replaceOfMember(String memberId, Collection<String> workspaces) {
        handles.write(handle -> {
            handle.createUpdate("DELETE FROM member_workspaces WHERE member_id = ?")
                    .bind(0, memberId)
                    .execute();
            for (String workspace : workspaces) {
                handle.createUpdate("INSERT INTO member_workspaces (member_id, workspace) VALUES (?, ?)"
                                + " ON CONFLICT DO NOTHING")
                        .bind(0, memberId)
                        .bind(1, workspace)
                        .execute();
            }
            return true;
        });
    }

    @Override
    public Set<String> accessibleTo(String memberId) {
        return handles.read(
                handle -> new TreeSet<>(handle.createQuery("SELECT workspace FROM member_workspaces WHERE member_id = ?"
                                + " UNION SELECT gw.workspace FROM group_workspaces gw"
                                + " JOIN group_members gm ON gm.group_id = gw.group_id WHERE gm.member_id = ?")
                        .bind(0, memberId)
                        .bind(1, memberId)
                        .mapTo(String.class)
                        .list()));
    }
}
