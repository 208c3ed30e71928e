package dev.attest.storage.sqlite;

import dev.attest.core.store.Cursor;
import dev.attest.core.store.EventQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL of one page of {@link EventQuery}: every filter bound as a parameter, rows newest first by
 * ({@code occurred_at}, {@code seq}), one row more than the page so that the last page is known without another query.
 */
final class SelectEvents {
    final String sql;
    final List<Object> arguments;

    private SelectEvents(String sql, List<Object> arguments) {
        this.sql = sql;
        this.arguments = List.copyOf(arguments);
    }

    static SelectEvents of(EventQuery query, long snapshot) {
        if (query.actions().size() > 1) {
            return anyOfActions(query, snapshot);
        }
        var args = new ArrayList<Object>();
        StringBuilder where = where(query, snapshot, args);
        Cursor cursor = query.cursor();
        if (cursor != null) {
            where.append(" AND (occurred_at, seq) < (?, ?)");
            args.add(Micros.of(cursor.occurredAt()));
            args.add(cursor.seq());
        }
        String sql = "SELECT " + EventRows.COLUMNS + " FROM events WHERE " + where
                + " ORDER BY occurred_at DESC, seq DESC LIMIT " + (query.limit() + 1);
        return new SelectEvents(sql, args);
    }

    /**
     * A page for several actions: one ordered, limited subquery per action (each walks its action's index newest
     * first), merged. An {@code action IN (…)} would make SQLite walk the time index and test every event instead.
     */
    private static SelectEvents anyOfActions(EventQuery query, long snapshot) {
        var args = new ArrayList<Object>();
        var parts = new ArrayList<String>();
        for (String action : query.actions()) {
            SelectEvents one = of(query.actions(List.of(action)), snapshot);
            parts.add("SELECT * FROM (" + one.sql + ")");
            args.addAll(one.arguments);
        }
        String sql = "SELECT * FROM (" + String.join(" UNION ALL ", parts)
                + ") ORDER BY occurred_at DESC, seq DESC LIMIT " + (query.limit() + 1);
        return new SelectEvents(sql, args);
    }

    /**
     * Counts per time bucket of the query's filters over [from, until): bucket = (occurred_at - from) / width.
     */
    static SelectEvents volume(EventQuery query, long fromMicros, long untilMicros, long widthMicros) {
        var args = new ArrayList<Object>();
        args.add(fromMicros);
        args.add(widthMicros);
        StringBuilder where = where(query, Long.MAX_VALUE, args);
        where.append(" AND occurred_at >= ? AND occurred_at < ?");
        args.add(fromMicros);
        args.add(untilMicros);
        String sql = "SELECT (occurred_at - ?) / ? AS bucket, count(*), sum(outcome = 'failure') FROM events WHERE "
                + where + " GROUP BY bucket";
        return new SelectEvents(sql, args);
    }

    /** The filters of {@code query} as a WHERE clause; their values are appended to {@code args}. */
    private static StringBuilder where(EventQuery query, long snapshot, List<Object> args) {
        // "+seq": the snapshot bound must filter, not choose the index. As a primary-key range it made SQLite read the
        // whole log in seq order and sort it, instead of walking a filter's index newest first (every index ends in
        // occurred_at, seq).
        var where = new StringBuilder("organization_id = ? AND +seq <= ?");
        args.add(query.organization().value());
        args.add(snapshot);
        if (query.since() != null) {
            where.append(" AND occurred_at >= ?");
            args.add(Micros.of(query.since()));
        }
        if (query.until() != null) {
            where.append(" AND occurred_at < ?");
            args.add(Micros.of(query.until()));
        }
        if (!query.actions().isEmpty()) {
            where.append(" AND action IN (")
                    .append("?, ".repeat(query.actions().size() - 1))
                    .append("?)");
            args.addAll(query.actions());
        }
        equal(where, args, "category", query.category());
        equal(
                where,
                args,
                "actor_type",
                query.actorType() == null ? null : query.actorType().wire());
        equal(where, args, "actor_id", query.actorId());
        equal(where, args, "actor_email", query.actorEmail());
        equal(where, args, "target_type", query.targetType());
        equal(where, args, "target_id", query.targetId());
        equal(
                where,
                args,
                "outcome",
                query.outcome() == null ? null : query.outcome().wire());
        equal(where, args, "workspace", query.workspace());
        if (query.critical() != null) {
            where.append(" AND critical = ?");
            args.add(query.critical() ? 1 : 0);
        }
        if (query.text() != null) {
            where.append(" AND instr(search_text, ?) > 0");
            args.add(query.text().toLowerCase(Locale.ROOT));
        }
        return where;
    }

    private static void equal(
            StringBuilder where, List<Object> args, String column, @org.jspecify.annotations.Nullable String value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }
}
