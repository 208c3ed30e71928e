package dev.attest.storage.jdbc;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventId;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.TreeAppender;
import dev.attest.core.log.TreeHashStore;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Appended;
import dev.attest.core.store.Cursor;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.EventPage;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.InvalidCursorException;
import dev.attest.core.store.LogHead;
import dev.attest.core.store.PageRequest;
import dev.attest.core.store.VolumeBucket;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jspecify.annotations.Nullable;

/**
 * {@link EventStore} on {@code events}, {@code organizations} (each log's head) and {@code tree_nodes}. Events are read
 * back from the bytes that were hashed ({@code leaf_data}); appends run {@link AppendEvents}.
 */
final class JdbcEventStore implements EventStore {
    private static final RowMapper<Event> ROWS =
            (rs, ctx) -> LeafData.read(rs.getBytes("leaf_data"), rs.getBytes("leaf_hash"));

    private final Handles handles;
    private final Dialect dialect;
    private final @Nullable TreeAppender trees;

    /** @param trees the installation's tree appender; {@code null} when integrity is off (benchmarks) */
    JdbcEventStore(Handles handles, Dialect dialect, @Nullable TreeAppender trees) {
        this.handles = handles;
        this.dialect = dialect;
        this.trees = trees;
    }

    @Override
    public List<List<Appended>> append(List<AppendRequest> requests) {
        dialect.prepareAppend(
                requests.stream().map(AppendRequest::receivedAt).distinct().toList());
        AppendEvents.Result done = handles.write(handle -> AppendEvents.run(handle, dialect, trees, requests));
        TreeAppender.Batch tree = done.tree();
        if (tree != null) {
            // Only once committed may the grown frontiers serve later transactions.
            handles.afterCommit(tree::committed);
        }
        return done.appended();
    }

    @Override
    public Optional<Event> find(OrganizationId organization, EventId id) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT " + SelectEvents.COLUMNS + " FROM events WHERE organization_id = ? AND id = ?")
                .bind(0, organization.value())
                .bind(1, id.value())
                .map(ROWS)
                .findOne());
    }

    @Override
    public EventPage query(EventFilter filter, PageRequest request) {
        Cursor cursor = request.cursor();
        long fingerprint = filter.fingerprint();
        if (cursor != null && cursor.filter() != fingerprint) {
            throw new InvalidCursorException("cursor belongs to a query with other filters");
        }
        // The snapshot and the page come from one state of the log.
        return handles.readTogether(handle -> {
            long snapshot = cursor != null ? cursor.snapshot() : size(handle, filter.organization());
            String text = filter.text();
            Dialect.TextMatches matches = text == null
                    ? null
                    : dialect.textMatches(handle, text.toLowerCase(Locale.ROOT)).orElse(null);
            List<Event> rows = SelectEvents.page(dialect, filter, request, snapshot, matches)
                    .bind(handle)
                    .map(ROWS)
                    .list();
            if (rows.size() <= request.limit()) {
                return new EventPage(rows, null);
            }
            List<Event> page = rows.subList(0, request.limit());
            Event last = page.getLast();
            return new EventPage(page, new Cursor(last.occurredAt(), last.seq(), snapshot, fingerprint));
        });
    }

    @Override
    public List<VolumeBucket> volume(EventFilter query, Instant from, Instant until, int buckets) {
        long start = Micros.of(from);
        long width = Math.max(1, (Micros.of(until) - start + buckets - 1) / buckets);
        long[][] counts = new long[buckets][2];
        handles.read(handle -> {
            SelectEvents.volume(dialect, query, from, until, width)
                    .bind(handle)
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                    .forEach(row -> {
                        int bucket = (int) Math.max(0, Math.min(buckets - 1, row[0]));
                        counts[bucket][0] += row[1];
                        counts[bucket][1] += row[2];
                    });
            return null;
        });
        var result = new ArrayList<VolumeBucket>(buckets);
        for (int i = 0; i < buckets; i++) {
            result.add(new VolumeBucket(Micros.toInstant(start + i * width), counts[i][0], counts[i][1]));
        }
        return result;
    }

    @Override
    public long size(OrganizationId organization) {
        return handles.read(handle -> size(handle, organization));
    }

    @Override
    public LogHead head(OrganizationId organization) {
        return handles.read(handle -> handle.createQuery("SELECT log_size, log_root FROM organizations WHERE id = ?")
                .bind(0, organization.value())
                .map((rs, ctx) -> LogHead.of(rs.getLong(1), rs.getBytes(2), trees != null))
                .findOne()
                .orElse(LogHead.of(0, null, trees != null)));
    }

    @Override
    public void scan(OrganizationId organization, long fromSeq, long toSeq, Consumer<Event> consumer) {
        // In a transaction: PostgreSQL's driver streams with a fetch size only there (a cursor).
        handles.readTogether(handle -> {
            try (var rows = handle
                    .createQuery("SELECT " + SelectEvents.COLUMNS
                            + " FROM events WHERE organization_id = ? AND seq BETWEEN ? AND ? ORDER BY seq")
                    .bind(0, organization.value())
                    .bind(1, fromSeq)
                    .bind(2, toSeq)
                    .setFetchSize(1_000)
                    .map(ROWS)
                    .stream()) {
                rows.forEach(consumer);
            }
            return null;
        });
    }

    @Override
    public void scanLeaves(OrganizationId organization, long fromSeq, long toSeq, LeafConsumer consumer) {
        handles.readTogether(handle -> handle.createQuery(
                        "SELECT seq, leaf_data, leaf_hash FROM events WHERE organization_id = ? AND seq BETWEEN ? AND ?"
                                + " ORDER BY seq")
                .bind(0, organization.value())
                .bind(1, fromSeq)
                .bind(2, toSeq)
                .setFetchSize(1_000)
                .scanResultSet((results, context) -> {
                    ResultSet rows = results.get();
                    while (rows.next()) {
                        byte[] leafHash = rows.getBytes(3);
                        if (leafHash == null) {
                            throw new IllegalStateException(
                                    "event " + rows.getLong(1) + " of " + organization.value() + " has no leaf hash");
                        }
                        consumer.accept(rows.getLong(1), rows.getBytes(2), leafHash);
                    }
                    return null;
                }));
    }

    @Override
    public TreeHashStore treeHashes() {
        return new JdbcTreeHashes(handles);
    }

    static long size(Handle handle, OrganizationId organization) {
        return handle.createQuery("SELECT log_size FROM organizations WHERE id = ?")
                .bind(0, organization.value())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }
}
