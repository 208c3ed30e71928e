package dev.attest.storage.jdbc;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Group;
import dev.attest.core.store.GroupStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** {@link GroupStore} on {@code groups}, {@code group_members} and {@code group_workspaces}. */
final class JdbcGroupStore implements GroupStore {
    private static final String COLUMNS = "id, organization_id, name, created_at";

    private final Handles handles;

    JdbcGroupStore(Handles handles) {
        this.handles = handles;
    }

    /** A group's row before its members and workspaces are read. */
    private record Row(String id, OrganizationId organization, String name, java.time.Instant createdAt) {}

    @Override
    public void create(Group group) {
        handles.write(handle -> {
            int inserted = handle.createUpdate(
                            "INSERT INTO groups (" + COLUMNS + ") VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                    .bind(0, group.id())
                    .bind(1, group.organization().value())
                    .bind(2, group.name())
                    .bind(3, group.createdAt())
                    .execute();
            if (inserted == 0) {
                throw new IllegalStateException(
                        "a group with the id " + group.id() + " or the name " + group.name() + " exists already");
            }
            insertMembers(handle, group.id(), group.members());
            insertWorkspaces(handle, group.id(), group.workspaces());
            return true;
        });
    }

    @Override
    public Optional<Group> find(String id) {
        return handles.readTogether(
                handle -> complete(handle, rows(handle, "id = ?", id)).stream().findFirst());
    }

    @Override
    public Optional<Group> findByName(OrganizationId organization, String name) {
        return handles.readTogether(handle -> complete(
                        handle,
                        rows(
                                handle,
                                "organization_id = ? AND lower(name) = ?",
                                organization.value(),
                                name.toLowerCase(Locale.ROOT)))
                .stream()
                .findFirst());
    }

    @Override
    public List<Group> list(OrganizationId organization) {
        return handles.readTogether(
                handle -> complete(handle, rows(handle, "organization_id = ?", organization.value())));
    }

    @Override
    public boolean rename(String id, String name) {
        return handles.write(handle -> handle.createUpdate("UPDATE groups SET name = ? WHERE id = ?")
                        .bind(0, name)
                        .bind(1, id)
                        .execute())
                == 1;
    }

    @Override
    public boolean delete(String id) {
        return handles.write(handle -> {
            handle.createUpdate("DELETE FROM group_members WHERE group_id = ?")
                    .bind(0, id)
                    .execute();
            handle.createUpdate("DELETE FROM group_workspaces WHERE group_id = ?")
                    .bind(0, id)
                    .execute();
            return handle.createUpdate("DELETE FROM groups WHERE id = ?")
                            .bind(0, id)
                            .execute()
                    == 1;
        });
    }

    @Override
    public void changeMembers(String id, Collection<String> add, Collection<String> remove) {
        handles.write(handle -> {
            for (String member : remove) {
                handle.createUpdate("DELETE FROM group_members WHERE group_id = ? AND member_id = ?")
                        .bind(0, id)
                        .bind(1, member)
                        .execute();
            }
            insertMembers(handle, id, add);
            return true;
        });
    }

    @Override
    public void replaceWorkspaces(String id, Collection<String> workspaces) {
        handles.write(handle -> {
            handle.createUpdate("DELETE FROM group_workspaces WHERE group_id = ?")
                    .bind(0, id)
                    .execute();
            insertWorkspaces(handle, id, workspaces);
            return true;
        });
    }

    private static void insertMembers(Handle handle, String group, Collection<String> members) {
        for (String member : members) {
            handle.createUpdate("INSERT INTO group_members (group_id, member_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .bind(0, group)
                    .bind(1, member)
                    .execute();
        }
    }

    private static void insertWorkspaces(Handle handle, String group, Collection<String> workspaces) {
        for (String workspace : workspaces) {
            handle.createUpdate(
                            "INSERT INTO group_workspaces (group_id, workspace) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .bind(0, group)
                    .bind(1, workspace)
                    .execute();
        }
    }

    private static List<Row> rows(Handle handle, String where, String... values) {
        var query =
                handle.createQuery("SELECT " + COLUMNS + " FROM groups WHERE " + where + " ORDER BY created_at, id");
        for (int i = 0; i < values.length; i++) {
            query.bind(i, values[i]);
        }
        return query.map((rs, ctx) -> new Row(
                        rs.getString("id"),
                        new OrganizationId(rs.getString("organization_id")),
                        rs.getString("name"),
                        Rows.instant(rs, "created_at", ctx)))
                .list();
    }

    /** The groups of {@code rows} with their members and workspaces, read with one query each for all of them. */
    private static List<Group> complete(Handle handle, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> members = new HashMap<>();
        Map<String, List<String>> workspaces = new HashMap<>();
        String in = String.join(", ", java.util.Collections.nCopies(rows.size(), "?"));
        collect(handle, "SELECT group_id, member_id FROM group_members WHERE group_id IN (" + in + ")", rows, members);
        collect(
                handle,
                "SELECT group_id, workspace FROM group_workspaces WHERE group_id IN (" + in + ")",
                rows,
                workspaces);
        return rows.stream()
                .map(row -> new Group(
                        row.id(),
                        row.organization(),
                        row.name(),
                        row.createdAt(),
                        members.getOrDefault(row.id(), List.of()),
                        workspaces.getOrDefault(row.id(), List.of())))
                .toList();
    }

    private static void collect(Handle handle, String sql, List<Row> rows, Map<String, List<String>> into) {
        var query = handle.createQuery(sql);
        for (int i = 0; i < rows.size(); i++) {
            query.bind(i, rows.get(i).id());
        }
        query.map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(pair -> into.computeIfAbsent(pair.getKey(), key -> new ArrayList<>())
                        .add(pair.getValue()));
    }
}
