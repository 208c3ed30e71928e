package dev.attest.storage.jdbc;

import dev.attest.core.store.Cursor;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.PageRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of one page of an {@link EventFilter}'s events: every filter bound as a parameter, rows newest first by
 * ({@code occurred_at}, {@code seq}) — the trailing columns of every filter index, so a page is read backwards along
 * one index without sorting — and one row more than the page, so that the last page is known without another query.
 */
final class SelectEvents {
    /** What a page reads of each event: the stored bytes and their hash (the other columns only index them). */
    static final String COLUMNS = "seq, occurred_at, leaf_data, leaf_hash";

    final String sql;
    final List<Object> arguments;

    private SelectEvents(String sql, List<Object> arguments) {
        this.sql = sql;
        this.arguments = List.copyOf(arguments);
    }

    /** The statement, its arguments bound. */
    Query bind(Handle handle) {
        Query query = handle.createQuery(sql);
        for (int i = 0; i < arguments.size(); i++) {
            query.bind(i, arguments.get(i));
        }
        return query;
    }

    static SelectEvents page(Dialect dialect, EventFilter filter, PageRequest page, long snapshot) {
        return page(dialect, filter, page, snapshot, null);
    }

    /**
     * @param matches where the events containing the filter's text were found through an index ({@link
     *     Dialect#textMatches}): the page starts there instead of at the filter's index
     */
    static SelectEvents page(
            Dialect dialect,
            EventFilter filter,
            PageRequest page,
            long snapshot,
            Dialect.@Nullable TextMatches matches) {
        if (matches == null && filter.actions().size() > 1 && dialect.unionPerAction()) {
            return pagePerAction(dialect, filter, page, snapshot);
        }
        Where where = filters(dialect, filter, snapshot);
        Cursor cursor = page.cursor();
        if (cursor != null) {
            where.condition("(occurred_at, seq) < (?, ?)", cursor.occurredAt(), cursor.seq());
        }
        var arguments = new ArrayList<Object>();
        if (matches != null) {
            arguments.add(matches.argument());
        }
        arguments.addAll(where.arguments);
        return new SelectEvents(
                "SELECT " + COLUMNS + " FROM " + (matches == null ? "events" : matches.from()) + " WHERE " + where.sql
                        + " ORDER BY occurred_at DESC, seq DESC LIMIT " + (page.limit() + 1),
                arguments);
    }

    /** A page of several actions as one ordered, limited subquery per action (each walks its own index), merged. */
    private static SelectEvents pagePerAction(Dialect dialect, EventFilter filter, PageRequest page, long snapshot) {
        var arguments = new ArrayList<Object>();
        var parts = new ArrayList<String>();
        for (String action : filter.actions()) {
            EventFilter one = filter.toBuilder().actions(List.of(action)).build();
            SelectEvents select = page(dialect, one, page, snapshot);
            parts.add("SELECT * FROM (" + select.sql + ") AS a" + parts.size());
            arguments.addAll(select.arguments);
        }
        return new SelectEvents(
                "SELECT * FROM (" + String.join(" UNION ALL ", parts)
                        + ") AS merged ORDER BY occurred_at DESC, seq DESC LIMIT " + (page.limit() + 1),
                arguments);
    }

    /**
     * Counts per time bucket of the filter's events over [from, until): bucket = (occurred_at - from) / width, in
     * microseconds; then the count and the failures.
     */
    static SelectEvents volume(Dialect dialect, EventFilter query, Instant from, Instant until, long widthMicros) {
        Where where = filters(dialect, query, Long.MAX_VALUE);
        where.condition("occurred_at >= ? AND occurred_at < ?", from, until);
        var arguments = new ArrayList<Object>();
        arguments.add(Micros.of(from));
        arguments.add(widthMicros);
        arguments.add("failure");
        arguments.addAll(where.arguments);
        return new SelectEvents(
                "SELECT (" + dialect.epochMicros("occurred_at") + " - ?) / ? AS bucket, count(*),"
                        + " sum(CASE WHEN outcome = ? THEN 1 ELSE 0 END) FROM events WHERE " + where.sql
                        + " GROUP BY bucket",
                arguments);
    }

    /** The conditions of {@code query}. */
    private static Where filters(Dialect dialect, EventFilter query, long snapshot) {
        var where = new Where(
                "organization_id = ? AND " + dialect.snapshotBound(),
                query.organization().value());
        where.arguments.add(snapshot);
        if (query.since() != null) {
            where.condition("occurred_at >= ?", query.since());
        }
        if (query.until() != null) {
            where.condition("occurred_at < ?", query.until());
        }
        where.in("action", query.actions());
        where.in("category", query.categories());
        where.equal(
                "actor_type",
                query.actorType() == null ? null : query.actorType().wire());
        where.equal("actor_id", query.actorId());
        where.equal("actor_email", query.actorEmail());
        where.equal("target_type", query.targetType());
        where.equal("target_id", query.targetId());
        where.equal("outcome", query.outcome() == null ? null : query.outcome().wire());
        where.in("workspace", query.workspaces());
        if (query.critical() != null) {
            where.condition("critical = ?", query.critical());
        }
        if (query.text() != null) {
            where.condition(
                    dialect.contains("search_text"),
                    dialect.containsArgument(query.text().toLowerCase(Locale.ROOT)));
        }
        return where;
    }

    private static final class Where {
        final StringBuilder sql;
        final List<Object> arguments = new ArrayList<>();

        Where(String first, Object argument) {
            this.sql = new StringBuilder(first);
            arguments.add(argument);
        }

        void condition(String condition, Object... values) {
            sql.append(" AND ").append(condition);
            arguments.addAll(List.of(values));
        }

        void in(String column, List<String> values) {
            if (!values.isEmpty()) {
                condition(column + " IN (" + "?, ".repeat(values.size() - 1) + "?)", values.toArray());
            }
        }

        void equal(String column, @Nullable String value) {
            if (value != null) {
                condition(column + " = ?", value);
            }
        }
    }
}
