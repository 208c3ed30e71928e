package dev.attest.storage.postgres;

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
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * {@link EventStore} on PostgreSQL.
 *
 * <p>An append is one transaction: it locks the rows of the organizations it appends to (in id order, so that two
 * processes' group commits cannot deadlock), reads each log's size under that lock, looks up which event ids are
 * stored already, writes the new events with one {@code COPY}, the completed tree nodes with one batch, and the new
 * heads. Any number of Attest processes may append to one database: the row lock makes them take turns per
 * organization, and {@link TreeAppender} reloads its cached frontier when another process grew the log meanwhile.
 */
final class PostgresEventStore implements EventStore {
    private static final EventRows ROWS = new EventRows();

    private final Jdbi jdbi;
    private final Partitions partitions;
    private final @Nullable TreeAppender trees;

    /** @param integrity whether to compute leaf hashes and keep the Merkle trees */
    PostgresEventStore(Jdbi jdbi, Partitions partitions, boolean integrity) {
        this.jdbi = jdbi;
        this.partitions = partitions;
        this.trees = integrity ? new TreeAppender() : null;
    }

    @Override
    public List<List<Appended>> append(List<AppendRequest> requests) {
        partitions.ensureFor(
                requests.stream().map(AppendRequest::receivedAt).distinct().toList());
        Appending done = jdbi.inTransaction(handle -> appendLocked(handle, requests));
        if (done.tree() != null) {
            // Only now, after the commit, may the grown frontiers serve later transactions.
            done.tree().committed();
        }
        return done.results();
    }

    private record Appending(List<List<Appended>> results, TreeAppender.@Nullable Batch tree) {}

    private Appending appendLocked(Handle handle, List<AppendRequest> requests) {
        Map<String, Long> sizes = lockHeads(handle, requests);
        Map<String, Map<String, Long>> stored = storedSeqs(handle, requests);
        TreeAppender.Batch tree = trees == null ? null : trees.begin(hashesOf(handle));
        var copy = new CopyText();
        var results = new ArrayList<List<Appended>>(requests.size());
        var sizesBefore = new HashMap<>(sizes);
        for (AppendRequest request : requests) {
            String org = request.organization().value();
            Map<String, Long> known = stored.getOrDefault(org, new HashMap<>());
            var appended = new ArrayList<Appended>(request.events().size());
            for (NewEvent event : request.events()) {
                Long original = known.get(event.id().value());
                if (original != null) {
                    appended.add(new Appended(event.id(), original, false));
                    continue;
                }
                long seq = sizes.merge(org, 1L, Long::sum);
                Event sealed = Event.of(request.organization(), seq, request.receivedAt(), event, null);
                byte[] leaf = tree == null ? null : tree.append(sealed, sizesBefore.getOrDefault(org, 0L));
                EventRows.copyLine(copy, sealed, event, leaf);
                // A later request of this call that repeats the id gets this seq back.
                known.put(event.id().value(), seq);
                appended.add(new Appended(event.id(), seq, true));
            }
            results.add(List.copyOf(appended));
        }
        if (copy.rows() > 0) {
            copyEvents(handle, copy);
        }
        writeHeads(handle, sizes, sizesBefore, tree);
        return new Appending(results, tree);
    }

    /**
     * Locks the organizations' rows in id order and returns their log sizes. The lock is held until the transaction
     * ends; every append to the organization, from any process, takes it first.
     */
    private static Map<String, Long> lockHeads(Handle handle, List<AppendRequest> requests) {
        var ids = new TreeSet<String>();
        requests.forEach(r -> ids.add(r.organization().value()));
        var sizes = new HashMap<String, Long>();
        handle.createQuery("SELECT id, log_size FROM organizations WHERE id = ANY (?) ORDER BY id FOR UPDATE")
                .bindArray(0, String.class, ids.toArray())
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> sizes.put(e.getKey(), e.getValue()));
        for (String id : ids) {
            if (!sizes.containsKey(id)) {
                throw new OrganizationNotFoundException(new OrganizationId(id));
            }
        }
        return sizes;
    }

    /** Per organization, the seq of every event id of the requests that its log already holds. */
    private static Map<String, Map<String, Long>> storedSeqs(Handle handle, List<AppendRequest> requests) {
        var idsByOrg = new TreeMap<String, List<String>>();
        for (AppendRequest request : requests) {
            List<String> ids = idsByOrg.computeIfAbsent(request.organization().value(), o -> new ArrayList<>());
            request.events().forEach(e -> ids.add(e.id().value()));
        }
        var stored = new HashMap<String, Map<String, Long>>();
        idsByOrg.forEach((org, ids) -> {
            var seqs = new HashMap<String, Long>();
            handle.createQuery("SELECT id, seq FROM events WHERE organization_id = ? AND id = ANY (?)")
                    .bind(0, org)
                    .bindArray(1, String.class, ids.toArray())
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> seqs.put(e.getKey(), e.getValue()));
            stored.put(org, seqs);
        });
        return stored;
    }

    private static void copyEvents(Handle handle, CopyText copy) {
        try {
            handle.getConnection()
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(EventRows.COPY, new StringReader(copy.text()));
        } catch (SQLException e) {
            throw new IllegalStateException("COPY of " + copy.rows() + " events failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeHeads(
            Handle handle, Map<String, Long> sizes, Map<String, Long> sizesBefore, TreeAppender.@Nullable Batch tree) {
        if (tree != null) {
            List<TreeNode> nodes = tree.nodes();
            if (!nodes.isEmpty()) {
                PreparedBatch batch = handle.prepareBatch(
                        "INSERT INTO tree_nodes (organization_id, level, idx, hash) VALUES (?, ?, ?, ?)");
                for (TreeNode node : nodes) {
                    batch.add(node.organization().value(), node.level(), node.index(), node.hash());
                }
                batch.execute();
            }
        }
        Map<OrganizationId, TreeAppender.Head> heads = tree == null ? Map.of() : tree.heads();
        PreparedBatch update = handle.prepareBatch("UPDATE organizations SET log_size = ?, log_root = ? WHERE id = ?");
        sizes.forEach((org, size) -> {
            if (size.equals(sizesBefore.get(org))) {
                return;
            }
            TreeAppender.Head head = heads.get(new OrganizationId(org));
            update.add(size, head == null ? null : head.root(), org);
        });
        if (update.size() > 0) {
            update.execute();
        }
    }

    private TreeHashStore hashesOf(Handle handle) {
        return new PostgresTreeHashes(work -> work.apply(handle));
    }

    @Override
    public Optional<Event> find(OrganizationId organization, EventId id) {
        return jdbi.withHandle(handle -> handle.createQuery(
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
        return jdbi.withHandle(handle -> {
            // Every event with seq <= log_size committed with (or before) that log_size: the snapshot is stable.
            long snapshot = cursor != null ? cursor.snapshot() : size(handle, query.organization());
            SelectEvents select = SelectEvents.of(query, snapshot);
            List<Event> rows = bind(handle.createQuery(select.sql), select.arguments)
                    .map(ROWS)
                    .list();
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
        long span = ChronoUnit.MICROS.between(from, until);
        long width = Math.max(1, (span + buckets - 1) / buckets);
        SelectEvents select = SelectEvents.volume(query, from, until, width);
        long[][] counts = new long[buckets][2];
        jdbi.useHandle(handle -> bind(handle.createQuery(select.sql), select.arguments)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                .forEach(row -> {
                    int bucket = (int) Math.max(0, Math.min(buckets - 1, row[0]));
                    counts[bucket][0] += row[1];
                    counts[bucket][1] += row[2];
                }));
        var result = new ArrayList<VolumeBucket>(buckets);
        for (int i = 0; i < buckets; i++) {
            result.add(new VolumeBucket(from.plus(i * width, ChronoUnit.MICROS), counts[i][0], counts[i][1]));
        }
        return result;
    }

    private static Query bind(Query statement, List<Object> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            Object argument = arguments.get(i);
            if (argument instanceof String[] values) {
                statement.bindArray(i, String.class, (Object[]) values);
            } else {
                statement.bind(i, argument);
            }
        }
        return statement;
    }

    @Override
    public long size(OrganizationId organization) {
        return jdbi.withHandle(handle -> size(handle, organization));
    }

    @Override
    public LogHead head(OrganizationId organization) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT log_size, log_root FROM organizations WHERE id = ?")
                .bind(0, organization.value())
                .map((rs, ctx) -> LogHead.of(rs.getLong(1), rs.getBytes(2), trees != null))
                .findOne()
                .orElse(LogHead.of(0, null, trees != null)));
    }

    @Override
    public void scan(OrganizationId organization, long fromSeq, long toSeq, Consumer<Event> consumer) {
        // The driver streams with a fetch size only inside a transaction (a cursor); otherwise it reads everything.
        jdbi.useTransaction(handle -> {
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
        return new PostgresTreeHashes(work -> jdbi.withHandle(work::apply));
    }

    private static long size(Handle handle, OrganizationId organization) {
        return handle.createQuery("SELECT log_size FROM organizations WHERE id = ?")
                .bind(0, organization.value())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }
}
