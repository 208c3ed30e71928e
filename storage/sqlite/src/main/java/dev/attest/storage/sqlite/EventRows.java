package dev.attest.storage.sqlite;

import dev.attest.core.catalog.Catalog;
import dev.attest.core.event.Actor;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.EventId;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;

/** How an event maps to a row of {@code events} and back. */
final class EventRows implements RowMapper<Event> {
    static final String COLUMNS = "organization_id, seq, id, action, occurred_at, received_at, actor_type, actor_id,"
            + " actor_name, actor_email, actor_role, target_type, target_id, target_name, outcome, workspace, ip,"
            + " user_agent, request_id, payload, leaf_hash";

    static final String INSERT = "INSERT INTO events (organization_id, seq, id, action, category, critical,"
            + " occurred_at, received_at, actor_type, actor_id, actor_name, actor_email, actor_role, target_type,"
            + " target_id, target_name, outcome, workspace, ip, user_agent, request_id, payload, search_text,"
            + " leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Adds one row to an {@link #INSERT} batch: {@code sealed} with its server-assigned fields and leaf hash. */
    static void bind(PreparedBatch batch, Event sealed, NewEvent event, byte @Nullable [] leafHash) {
        Target target = event.target();
        batch.add(
                sealed.organizationId().value(),
                sealed.seq(),
                event.id().value(),
                event.action(),
                event.category(),
                Catalog.isCritical(event.action()) ? 1 : 0,
                Micros.of(event.occurredAt()),
                Micros.of(sealed.receivedAt()),
                event.actor().type().wire(),
                event.actor().id(),
                event.actor().name(),
                event.actor().email(),
                event.actor().role(),
                target == null ? null : target.type(),
                target == null ? null : target.id(),
                target == null ? null : target.name(),
                event.outcome().wire(),
                event.workspace(),
                event.context().ip(),
                event.context().userAgent(),
                event.context().requestId(),
                PayloadJson.write(event.payload()),
                searchText(event),
                leafHash);
    }

    /** What free-text search looks in, lower-cased once here so that the query compares plain strings. */
    static String searchText(NewEvent event) {
        Target target = event.target();
        return Stream.of(
                        event.actor().name(),
                        event.actor().email(),
                        target == null ? null : target.name(),
                        event.action())
                .filter(s -> s != null)
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public Event map(ResultSet rs, StatementContext ctx) throws SQLException {
        String targetType = rs.getString("target_type");
        byte[] leaf = rs.getBytes("leaf_hash");
        return new Event(
                new OrganizationId(rs.getString("organization_id")),
                rs.getLong("seq"),
                new EventId(rs.getString("id")),
                rs.getString("action"),
                Micros.toInstant(rs.getLong("occurred_at")),
                Micros.toInstant(rs.getLong("received_at")),
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
                context(rs.getString("ip"), rs.getString("user_agent"), rs.getString("request_id")),
                PayloadJson.read(rs.getString("payload")),
                leaf == null ? null : HexFormat.of().formatHex(leaf));
    }

    private static RequestContext context(@Nullable String ip, @Nullable String userAgent, @Nullable String requestId) {
        var context = new RequestContext(ip, userAgent, requestId);
        return context.isEmpty() ? RequestContext.NONE : context;
    }
}
