package dev.attest.storage.postgres;

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
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;

/** How an event maps to a row of {@code events} and back: read through JDBC, written as a COPY line. */
final class EventRows implements RowMapper<Event> {
    static final String COLUMNS = "organization_id, seq, id, action, occurred_at, received_at, actor_type, actor_id,"
            + " actor_name, actor_email, actor_role, target_type, target_id, target_name, outcome, workspace, ip,"
            + " user_agent, request_id, payload, leaf_hash";

    /** Every column, in the order of {@link #copyLine}. */
    static final String COPY = "COPY events (organization_id, seq, id, action, category, critical, occurred_at,"
            + " received_at, actor_type, actor_id, actor_name, actor_email, actor_role, target_type, target_id,"
            + " target_name, outcome, workspace, ip, user_agent, request_id, payload, search_text, leaf_hash)"
            + " FROM STDIN";

    /** Appends one row in COPY text format to {@code out}: {@code sealed} with its server-assigned fields. */
    static void copyLine(CopyText out, Event sealed, NewEvent event, byte @Nullable [] leafHash) {
        Target target = event.target();
        out.field(sealed.organizationId().value())
                .field(sealed.seq())
                .field(event.id().value())
                .field(event.action())
                .field(event.category())
                .field(Catalog.isCritical(event.action()))
                .field(event.occurredAt())
                .field(sealed.receivedAt())
                .field(event.actor().type().wire())
                .field(event.actor().id())
                .field(event.actor().name())
                .field(event.actor().email())
                .field(event.actor().role())
                .field(target == null ? null : target.type())
                .field(target == null ? null : target.id())
                .field(target == null ? null : target.name())
                .field(event.outcome().wire())
                .field(event.workspace())
                .field(event.context().ip())
                .field(event.context().userAgent())
                .field(event.context().requestId())
                .field(Payloads.write(event.payload()))
                .field(searchText(event))
                .field(leafHash)
                .endRow();
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
        String ip = rs.getString("ip");
        String userAgent = rs.getString("user_agent");
        String requestId = rs.getString("request_id");
        var context = new RequestContext(ip, userAgent, requestId);
        return new Event(
                new OrganizationId(rs.getString("organization_id")),
                rs.getLong("seq"),
                new EventId(rs.getString("id")),
                rs.getString("action"),
                Timestamps.read(rs, "occurred_at"),
                Timestamps.read(rs, "received_at"),
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
                Payloads.read(rs.getString("payload")),
                leaf == null ? null : HexFormat.of().formatHex(leaf));
    }
}
