package dev.attest.storage.sqlite;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventId;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.TreeAppender;
import dev.attest.core.log.TreeHashStore;
import dev.attest.core.log.TreeNode;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Appended;
import dev.attest.core.store.Cursor;
import dev.attest.core.store.EventPage;
import dev.attest.core.store.EventQuery;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.InvalidCursorException;
import dev.attest.core.store.LogHead;
import dev.attest.core.store.OrganizationNotFoundException;
import dev.attest.core.store.VolumeBucket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/** {@link EventStore} on SQLite. Appends go through the single writer connection, reads through the reader pool. */
final class SqliteEventStore implements EventStore {
    /** SQLite's default limit on bound parameters is 32766; stay far below it. */
    private static final int ID_CHUNK = 500;

    private static final EventRows ROWS = new EventRows();

    private final Jdbi writer;
    private final Jdbi readers;
    private final @Nullable TreeAppender trees;

    /** @param integrity whether to compute leaf hashes and keep the Merkle trees */
    SqliteEventStore(Jdbi writer, Jdbi readers, boolean integrity) {
        this.writer = writer;
        this.readers = readers;
        this.trees = integrity ? new TreeAppender() : null;
    }

    @Override
    public List<List<Appended>> append(List<AppendRequest> requests) {
        Appending done = writer.inTransaction(handle -> {
            TreeAppender.Batch tree =
                    trees == null ? null : trees.begin(new SqliteTreeHashes(work -> work.accept(handle)));
            var results = new ArrayList<List<Appended>>(requests.size());
            PreparedBatch insert = handle.prepareBatch(EventRows.INSERT);
            // Events appended earlier in this call, which the database query below does not see before execute().
            var appendedNow = new HashMap<String, Long>();
            // The new events of the whole group, sealed with their seq; hashed and bound after the loop.
            var sealedEvents = new ArrayList<Event>();
            var sources = new ArrayList<NewEvent>();
            var sizesBefore = new HashMap<OrganizationId, Long>();
            for (AppendRequest request : requests) {
                String org = request.organization().value();
                Map<String, Long> stored = storedSeqs(handle, request);
                request.events().forEach(e -> {
                    Long seq = appendedNow.get(org + "\n" + e.id().value());
                    if (seq != null) {
                        stored.put(e.id().value(), seq);
                    }
                });
                // Ids new to the log; a request never holds one id twice (the parser rejects that).
                long fresh = request.events().stream()
                        .filter(e -> !stored.containsKey(e.id().value()))
                        .count();
                long sizeBefore = advanceHead(handle, request.organization(), fresh) - fresh;
                sizesBefore.putIfAbsent(request.organization(), sizeBefore);
                long seq = sizeBefore;
                var appended = new ArrayList<Appended>(request.events().size());
                for (NewEvent event : request.events()) {
                    Long original = stored.get(event.id().value());
                    if (original != null) {
                        appended.add(new Appended(event.id(), original, false));
                        continue;
                    }
                    seq++;
                    sealedEvents.add(Event.of(request.organization(), seq, request.receivedAt(), event, null));
                    sources.add(event);
                    appendedNow.put(org + "\n" + event.id().value(), seq);
                    appended.add(new Appended(event.id(), seq, true));
                }
                results.add(List.copyOf(appended));
            }
            List<byte[]> leaves = tree == null ? null : tree.appendAll(sealedEvents, sizesBefore);
            for (int i = 0; i < sealedEvents.size(); i++) {
                EventRows.bind(insert, sealedEvents.get(i), sources.get(i), leaves == null ? null : leaves.get(i));
            }
            if (insert.size() > 0) {
                insert.execute();
            }
            if (tree != null) {
                writeTree(handle, tree);
            }
            return new Appending(results, tree);
        });
        if (done.tree() != null) {
            // Only now, after the commit, may the grown frontiers serve later transactions.
            done.tree().committed();
        }
        return done.results();
    }

    private record Appending(List<List<Appended>> results, TreeAppender.@Nullable Batch tree) {}

    private static void writeTree(Handle handle, TreeAppender.Batch tree) {
        List<TreeNode> nodes = tree.nodes();
        if (!nodes.isEmpty()) {
            PreparedBatch batch = handle.prepareBatch(
                    "INSERT INTO tree_nodes (organization_id, level, idx, hash) VALUES (?, ?, ?, ?)");
            for (TreeNode node : nodes) {
                batch.add(node.organization().value(), node.level(), node.index(), node.hash());
            }
            batch.execute();
        }
        tree.heads()
                .forEach((org, head) -> handle.createUpdate("UPDATE organizations SET log_root = ? WHERE id = ?")
                        .bind(0, head.root())
                        .bind(1, org.value())
                        .execute());
    }

    /** The seq of every event of the request whose id the organization's log already holds. */
    private static Map<String, Long> storedSeqs(Handle handle, AppendRequest request) {
        var stored = new HashMap<String, Long>();
        List<NewEvent> events = request.events();
        for (int from = 0; from < events.size(); from += ID_CHUNK) {
            List<NewEvent> chunk = events.subList(from, Math.min(events.size(), from + ID_CHUNK));
            Query query = handle.createQuery("SELECT id, seq FROM events WHERE organization_id = ? AND id IN ("
                            + "?, ".repeat(chunk.size() - 1) + "?)")
                    .bind(0, request.organization().value());
            for (int i = 0; i < chunk.size(); i++) {
                query.bind(i + 1, chunk.get(i).id().value());
            }
            query.map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> stored.put(e.getKey(), e.getValue()));
        }
        return stored;
    }

    /** Moves the head of the organization's log by {@code count} and returns the new head. */
    private static long advanceHead(Handle handle, OrganizationId organization, long count) {
        return handle.createQuery("UPDATE organizations SET log_size = log_size + ? WHERE id = ? RETURNING log_size")
                .bind(0, count)
                .bind(1, organization.value())
                .mapTo(Long.class)
                .findOne()
                .orElseThrow(() -> new OrganizationNotFoundException(organization));
    }

    @Override
    public Optional<Event> find(OrganizationId organization, EventId id) {
        return readers.withHandle(handle -> handle.createQuery(
                        "SELECT " + EventRows.COLUMNS + " FROM events WHERE organization_id = ? AND id = ?")
                .bind(0, organization.value())
                .bind(1, id.value())
                .map(ROWS)
                .findOne());
    }

    @Override
    public EventPage query(EventQuery query) {
        Cursor cursor = query.cursor();
        if (cursor != null && cursor.filter() != query.filterFingerprint()) {
            throw new InvalidCursorException("cursor belongs to a query with other filters");
        }
        // One read transaction: the snapshot and the page come from the same state of the log.
        return readers.inTransaction(handle -> {
            long snapshot = cursor != null ? cursor.snapshot() : size(handle, query.organization());
            SelectEvents select = SelectEvents.of(query, snapshot);
            Query statement = handle.createQuery(select.sql);
            for (int i = 0; i < select.arguments.size(); i++) {
                statement.bind(i, select.arguments.get(i));
            }
            List<Event> rows = statement.map(ROWS).list();
            if (rows.size() <= query.limit()) {
                return new EventPage(rows, null);
            }
            List<Event> page = rows.subList(0, query.limit());
            Event last = page.getLast();
            return new EventPage(page, new Cursor(last.occurredAt(), last.seq(), snapshot, query.filterFingerprint()));
        });
    }

    @Override
    public List<VolumeBucket> volume(EventQuery query, Instant from, Instant until, int buckets) {
        long start = Micros.of(from);
        long width = Math.max(1, (Micros.of(until) - start + buckets - 1) / buckets);
        SelectEvents select = SelectEvents.volume(query, start, Micros.of(until), width);
        long[][] counts = new long[buckets][2];
        readers.useHandle(handle -> {
            Query statement = handle.createQuery(select.sql);
            for (int i = 0; i < select.arguments.size(); i++) {
                statement.bind(i, select.arguments.get(i));
            }
            statement
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                    .forEach(row -> {
                        int bucket = (int) Math.min(buckets - 1, row[0]);
                        counts[bucket][0] += row[1];
                        counts[bucket][1] += row[2];
                    });
        });
        var result = new ArrayList<VolumeBucket>(buckets);
        for (int i = 0; i < buckets; i++) {
            result.add(new VolumeBucket(Micros.toInstant(start + i * width), counts[i][0], counts[i][1]));
        }
        return result;
    }

    @Override
    public long size(OrganizationId organization) {
        return readers.withHandle(handle -> size(handle, organization));
    }

    @Override
    public LogHead head(OrganizationId organization) {
        return readers.withHandle(
                handle -> handle.createQuery("SELECT log_size, log_root FROM organizations WHERE id = ?")
                        .bind(0, organization.value())
                        .map((rs, ctx) -> LogHead.of(rs.getLong(1), rs.getBytes(2), trees != null))
                        .findOne()
                        .orElse(LogHead.of(0, null, trees != null)));
    }

    @Override
    public void scan(OrganizationId organization, long fromSeq, long toSeq, Consumer<Event> consumer) {
        readers.useHandle(handle -> {
            try (var rows = handle
                    .createQuery("SELECT " + EventRows.COLUMNS
                            + " FROM events WHERE organization_id = ? AND seq BETWEEN ? AND ? ORDER BY seq")
                    .bind(0, organization.value())
                    .bind(1, fromSeq)
                    .bind(2, toSeq)
                    .setFetchSize(1_000)
                    .map(ROWS)
                    .stream()) {
                rows.forEach(consumer);
            }
        });
    }

    @Override
    public TreeHashStore treeHashes() {
        return new SqliteTreeHashes(work -> readers.useHandle(work::accept));
    }

    private static long size(Handle handle, OrganizationId organization) {
        return handle.createQuery("SELECT log_size FROM organizations WHERE id = ?")
                .bind(0, organization.value())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }
}
