package dev.attest.storage.postgres;

import dev.attest.core.store.Cursor;
import dev.attest.core.store.EventQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of one page of {@link EventQuery}: every filter bound as a parameter, rows newest first by
 * ({@code occurred_at}, {@code seq}) — the trailing columns of every filter index, so each partition is read backwards
 * along one index and the partitions are merged without a sort — and one row more than the page so that the last page
 * is known without another query.
 */
final class SelectEvents {
    final String sql;
    final List<Object> arguments;

    private SelectEvents(String sql, List<Object> arguments) {
        this.sql = sql;
        this.arguments = List.copyOf(arguments);
    }

    static SelectEvents of(EventQuery query, long snapshot) {
        Builder select = filters(query, snapshot);
        Cursor cursor = query.cursor();
        if (cursor != null) {
            select.condition("(occurred_at, seq) < (?, ?)", Timestamps.of(cursor.occurredAt()), cursor.seq());
        }
        String sql = "SELECT " + EventRows.COLUMNS + " FROM events WHERE " + select.where
                + " ORDER BY occurred_at DESC, seq DESC LIMIT " + (query.limit() + 1);
        return new SelectEvents(sql, select.args);
    }

    /**
     * Counts per time bucket of the query's filters over [from, until): bucket = floor((occurred_at - from) / width),
     * in microseconds.
     */
    static SelectEvents volume(EventQuery query, Instant from, Instant until, long widthMicros) {
        Builder select = filters(query, Long.MAX_VALUE);
        select.condition("occurred_at >= ? AND occurred_at < ?", Timestamps.of(from), Timestamps.of(until));
        var args = new ArrayList<Object>();
        args.add(Timestamps.of(from));
        args.add(widthMicros);
        args.addAll(select.args);
        String sql = "SELECT floor(extract(epoch FROM occurred_at - ?) * 1000000 / ?)::bigint AS bucket, count(*),"
                + " count(*) FILTER (WHERE outcome = 'failure') FROM events WHERE " + select.where
                + " GROUP BY bucket";
        return new SelectEvents(sql, args);
    }

    /** The filters of {@code query}, its cursor aside. */
    private static Builder filters(EventQuery query, long snapshot) {
        var select = new Builder(query.organization().value(), snapshot);
        if (query.since() != null) {
            select.condition("occurred_at >= ?", Timestamps.of(query.since()));
        }
        if (query.until() != null) {
            select.condition("occurred_at < ?", Timestamps.of(query.until()));
        }
        if (!query.actions().isEmpty()) {
            select.condition("action = ANY (?)", (Object) query.actions().toArray(String[]::new));
        }
        select.equal("category", query.category());
        select.equal(
                "actor_type",
                query.actorType() == null ? null : query.actorType().wire());
        select.equal("actor_id", query.actorId());
        select.equal("actor_email", query.actorEmail());
        select.equal("target_type", query.targetType());
        select.equal("target_id", query.targetId());
        select.equal("outcome", query.outcome() == null ? null : query.outcome().wire());
        select.equal("workspace", query.workspace());
        if (query.critical() != null) {
            select.condition("critical = ?", query.critical());
        }
        if (query.text() != null) {
            select.condition("strpos(search_text, ?) > 0", query.text().toLowerCase(Locale.ROOT));
        }
        return select;
    }

    private static final class Builder {
        final StringBuilder where = new StringBuilder("organization_id = ? AND seq <= ?");
        final List<Object> args = new ArrayList<>();

        Builder(String organization, long snapshot) {
            args.add(organization);
            args.add(snapshot);
        }

        void condition(String sql, Object... values) {
            where.append(" AND ").append(sql);
            args.addAll(List.of(values));
        }

        void equal(String column, @Nullable String value) {
            if (value != null) {
                condition(column + " = ?", value);
            }
        }
    }
}
