package dev.attest.storage.jdbc;

import dev.attest.core.event.Actor;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.EventId;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import dev.attest.core.log.LeafHashes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * Schema version 4, the one-time migration to stored canonical bytes (docs/adr/0002-store-the-bytes-that-were-hashed.md):
 * adds {@code events.leaf_data}, fills it for every event stored before, from the columns that held the event until
 * then, and drops {@code payload}, which it replaces. This is the last place that rebuilds an event from its columns.
 * A dialect hands it to Flyway ({@link Dialect#javaMigrations()}) with its own DDL.
 */
public final class LeafDataBackfill implements JavaMigration {
    private static final int CHUNK = 2_000;
    private static final String COLUMNS = "organization_id, seq, id, action, occurred_at, received_at, actor_type,"
            + " actor_id, actor_name, actor_email, actor_role, target_type, target_id, target_name, outcome, workspace,"
            + " ip, user_agent, request_id, payload";

    private final Dialect dialect;
    private final List<String> before;
    private final List<String> after;

    /**
     * @param before the statements that add {@code leaf_data}
     * @param after the statements that run once it is filled (drop {@code payload}, make {@code leaf_data} required)
     */
    public LeafDataBackfill(Dialect dialect, List<String> before, List<String> after) {
        this.dialect = dialect;
        this.before = List.copyOf(before);
        this.after = List.copyOf(after);
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("4");
    }

    @Override
    public String getDescription() {
        return "events keep the bytes that were hashed";
    }

    @Override
    public @Nullable Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        execute(connection, before);
        fill(connection, dialect);
        execute(connection, after);
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Fills {@code leaf_data} of every event that has none, in the migration's transaction on {@code connection} (which
     * stays open).
     *
     * @return how many events were filled
     */
    static long fill(Connection connection, Dialect dialect) {
        Jdbi jdbi = Jdbi.create(new KeepOpen(connection));
        dialect.configure(jdbi);
        try (Handle handle = jdbi.open()) {
            long filled = 0;
            String afterOrg = "";
            long afterSeq = 0;
            while (true) {
                List<Event> events = handle.createQuery("SELECT " + COLUMNS + " FROM events WHERE leaf_data IS NULL"
                                + " AND (organization_id > ? OR (organization_id = ? AND seq > ?))"
                                + " ORDER BY organization_id, seq LIMIT " + CHUNK)
                        .bind(0, afterOrg)
                        .bind(1, afterOrg)
                        .bind(2, afterSeq)
                        .map(ROWS)
                        .list();
                if (events.isEmpty()) {
                    return filled;
                }
                PreparedBatch update =
                        handle.prepareBatch("UPDATE events SET leaf_data = ? WHERE organization_id = ? AND seq = ?");
                for (Event event : events) {
                    update.add(
                            LeafHashes.canonicalBytes(event),
                            event.organizationId().value(),
                            event.seq());
                }
                update.execute();
                filled += events.size();
                Event last = events.getLast();
                afterOrg = last.organizationId().value();
                afterSeq = last.seq();
            }
        }
    }

    private static final RowMapper<Event> ROWS = (rs, ctx) -> {
        String targetType = rs.getString("target_type");
        var context = new RequestContext(rs.getString("ip"), rs.getString("user_agent"), rs.getString("request_id"));
        return new Event(
                new OrganizationId(rs.getString("organization_id")),
                rs.getLong("seq"),
                new EventId(rs.getString("id")),
                rs.getString("action"),
                Rows.instant(rs, "occurred_at", ctx),
                Rows.instant(rs, "received_at", ctx),
                new Actor(
                        ActorType.fromWire(rs.getString("actor_type")).orElseThrow(),
                        rs.getString("actor_id"),
                        rs.getString("actor_name"),
                        rs.getString("actor_email"),
                        rs.getString("actor_role")),
                targetType == null
                        ? null
                        : new Target(targetType, rs.getString("target_id"), rs.getString("target_name")),
                Outcome.fromWire(rs.getString("outcome")).orElseThrow(),
                rs.getString("workspace"),
                context.isEmpty() ? RequestContext.NONE : context,
                LeafData.object(rs.getString("payload")),
                null);
    };

    /** The migration's connection, which Flyway closes, not Jdbi. */
    private record KeepOpen(Connection connection) implements org.jdbi.v3.core.ConnectionFactory {
        @Override
        public Connection openConnection() {
            return connection;
        }

        @Override
        public void closeConnection(Connection conn) {
            // Flyway owns it.
        }
    }
}
