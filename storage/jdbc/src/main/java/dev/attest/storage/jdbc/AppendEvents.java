package dev.attest.storage.jdbc;

import dev.attest.core.catalog.Catalog;
import dev.attest.core.event.Event;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Target;
import dev.attest.core.log.LeafTemplate;
import dev.attest.core.log.TreeAppender;
import dev.attest.core.log.TreeNode;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Appended;
import dev.attest.core.store.OrganizationNotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/**
 * One append transaction, the same on every database: lock the organizations' log heads (in id order, so that two
 * processes' group commits cannot deadlock), find which event ids each log holds already, give the new events the next
 * {@code seq}s, splice those and {@code received_at} into their canonical bytes and finish their leaf hashes
 * ({@link LeafTemplate}: made by the request's thread when the {@link AppendRequest} carries them, otherwise here, on
 * several cores for a large group), write them in bulk ({@link Dialect#insertEvents}), write the tree nodes they complete, and move the heads. Any number of processes
 * may append to one database: the head's lock makes them take turns per organization, and {@link TreeAppender}
 * reloads its cached frontier when another process grew the log meanwhile.
 */
final class AppendEvents {
    /** Well below SQLite's limit of 32,766 bound parameters. */
    private static final int ID_CHUNK = 500;

    /** Below this many events, hashing on one thread is cheaper than handing the work out. */
    private static final int PARALLEL_FROM = 64;

    /** What the transaction did; {@code tree} must learn of the commit ({@link TreeAppender.Batch#committed}). */
    record Result(List<List<Appended>> appended, TreeAppender.@Nullable Batch tree) {}

    private AppendEvents() {}

    static Result run(Handle handle, Dialect dialect, @Nullable TreeAppender trees, List<AppendRequest> requests) {
        // Before any lock or statement: the only CPU-heavy work of a group without templates (direct appends).
        List<List<LeafTemplate>> templates = templates(requests);
        Map<OrganizationId, Long> sizes = lockHeads(handle, dialect, requests);
        Map<OrganizationId, Long> sizesBefore = Map.copyOf(sizes);
        Map<OrganizationId, Map<String, Long>> stored = storedSeqs(handle, dialect, requests);
        var sealed = new ArrayList<Event>();
        var sealedTemplates = new ArrayList<LeafTemplate>();
        var results = new ArrayList<List<Appended>>(requests.size());
        for (int r = 0; r < requests.size(); r++) {
            AppendRequest request = requests.get(r);
            OrganizationId org = request.organization();
            Map<String, Long> known = stored.computeIfAbsent(org, o -> new HashMap<>());
            var appended = new ArrayList<Appended>(request.events().size());
            for (int e = 0; e < request.events().size(); e++) {
                NewEvent event = request.events().get(e);
                Long original = known.get(event.id().value());
                if (original != null) {
                    appended.add(new Appended(event.id(), original, false));
                    continue;
                }
                long seq = sizes.merge(org, 1L, Long::sum);
                sealed.add(Event.of(org, seq, request.receivedAt(), event, null));
                sealedTemplates.add(templates.get(r).get(e));
                // A later request of this group that repeats the id gets this seq back.
                known.put(event.id().value(), seq);
                appended.add(new Appended(event.id(), seq, true));
            }
            results.add(List.copyOf(appended));
        }
        TreeAppender.Batch tree =
                trees == null ? null : trees.begin(new JdbcTreeHashes(new Handles.InTransaction(handle)));
        if (!sealed.isEmpty()) {
            dialect.insertEvents(handle, rows(sealed, sealedTemplates, tree, sizesBefore));
        }
        if (tree != null) {
            writeNodes(handle, tree.nodes());
        }
        writeHeads(handle, sizes, sizesBefore, tree);
        return new Result(List.copyOf(results), tree);
    }

    /** Each request's templates: its own, or made here (in parallel when there are many to make). */
    private static List<List<LeafTemplate>> templates(List<AppendRequest> requests) {
        int missing = requests.stream()
                .filter(r -> r.templates() == null)
                .mapToInt(r -> r.events().size())
                .sum();
        var templates = new ArrayList<List<LeafTemplate>>(requests.size());
        for (AppendRequest request : requests) {
            List<LeafTemplate> own = request.templates();
            if (own != null) {
                templates.add(own);
                continue;
            }
            Stream<NewEvent> events =
                    missing < PARALLEL_FROM ? request.events().stream() : request.events().parallelStream();
            templates.add(
                    events.map(e -> LeafTemplate.of(request.organization(), e)).toList());
        }
        return templates;
    }

    /** The rows of the sealed events, each with its canonical bytes and leaf hash; grows the trees on the way. */
    private static List<EventRow> rows(
            List<Event> sealed,
            List<LeafTemplate> templates,
            TreeAppender.@Nullable Batch tree,
            Map<OrganizationId, Long> sizesBefore) {
        var rows = new ArrayList<EventRow>(sealed.size());
        for (int i = 0; i < sealed.size(); i++) {
            Event event = sealed.get(i);
            LeafTemplate template = templates.get(i);
            if (tree == null) {
                rows.add(row(event, template.bytes(event.seq(), event.receivedAt()), null));
                continue;
            }
            LeafTemplate.Sealed leaf = template.seal(event.seq(), event.receivedAt());
            tree.append(
                    event.organizationId(),
                    event.seq(),
                    leaf.leafHash(),
                    sizesBefore.getOrDefault(event.organizationId(), 0L));
            rows.add(row(event, leaf.bytes(), leaf.leafHash()));
        }
        return rows;
    }

    private static EventRow row(Event event, byte[] leafData, byte @Nullable [] leafHash) {
        Target target = event.target();
        return new EventRow(
                event.organizationId().value(),
                event.seq(),
                event.id().value(),
                event.action(),
                Catalog.categoryOf(event.action()),
                Catalog.standard().isCritical(event.action()),
                event.occurredAt(),
                event.receivedAt(),
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
                searchText(event),
                leafData,
                leafHash);
    }

    /** What free-text search looks in, lower-cased once here so that a query compares plain strings. */
    static String searchText(Event event) {
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

    /**
     * Locks the organizations' rows in id order and returns their log sizes. The lock is held until the transaction
     * ends; every append to the organization, from any process, takes it first. A deleted organization's log is
     * closed: its {@code org.delete} event is its last (ADR 0010).
     *
     * @throws OrganizationNotFoundException if one of them does not exist or was deleted
     */
    private static Map<OrganizationId, Long> lockHeads(Handle handle, Dialect dialect, List<AppendRequest> requests) {
        var ids = new TreeSet<String>();
        requests.forEach(r -> ids.add(r.organization().value()));
        var sizes = new TreeMap<OrganizationId, Long>((a, b) -> a.value().compareTo(b.value()));
        Query query = handle.createQuery("SELECT id, log_size FROM organizations WHERE id IN ("
                + "?, ".repeat(ids.size() - 1) + "?) AND deleted_at IS NULL ORDER BY id" + dialect.lockRows());
        int position = 0;
        for (String id : ids) {
            query.bind(position++, id);
        }
        query.map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> sizes.put(new OrganizationId(e.getKey()), e.getValue()));
        for (String id : ids) {
            if (!sizes.containsKey(new OrganizationId(id))) {
                throw new OrganizationNotFoundException(new OrganizationId(id));
            }
        }
        return sizes;
    }

    /** Per organization, the seq of every event id of the requests that its log already holds. */
    private static Map<OrganizationId, Map<String, Long>> storedSeqs(
            Handle handle, Dialect dialect, List<AppendRequest> requests) {
        var idsByOrg = new HashMap<OrganizationId, List<String>>();
        for (AppendRequest request : requests) {
            List<String> ids = idsByOrg.computeIfAbsent(request.organization(), o -> new ArrayList<>());
            request.events().forEach(e -> ids.add(e.id().value()));
        }
        var stored = new HashMap<OrganizationId, Map<String, Long>>();
        idsByOrg.forEach((org, ids) -> {
            var seqs = new HashMap<String, Long>();
            for (int from = 0; from < ids.size(); from += ID_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + ID_CHUNK));
                Query query = handle.createQuery(dialect.storedIds(chunk.size()));
                for (int i = 0; i < chunk.size(); i++) {
                    query.bind(i, chunk.get(i));
                }
                query.bind(chunk.size(), org.value());
                query.map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                        .forEach(e -> seqs.put(e.getKey(), e.getValue()));
            }
            stored.put(org, seqs);
        });
        return stored;
    }

    private static void writeNodes(Handle handle, List<TreeNode> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        PreparedBatch batch =
                handle.prepareBatch("INSERT INTO tree_nodes (organization_id, level, idx, hash) VALUES (?, ?, ?, ?)");
        for (TreeNode node : nodes) {
            batch.add(node.organization().value(), node.level(), node.index(), node.hash());
        }
        batch.execute();
    }

    private static void writeHeads(
            Handle handle,
            Map<OrganizationId, Long> sizes,
            Map<OrganizationId, Long> sizesBefore,
            TreeAppender.@Nullable Batch tree) {
        Map<OrganizationId, TreeAppender.Head> heads = tree == null ? Map.of() : tree.heads();
        PreparedBatch update = handle.prepareBatch("UPDATE organizations SET log_size = ?, log_root = ? WHERE id = ?");
        sizes.forEach((org, size) -> {
            if (size.equals(sizesBefore.get(org))) {
                return;
            }
            TreeAppender.Head head = heads.get(org);
            update.add(size, head == null ? null : head.root(), org.value());
        });
        if (update.size() > 0) {
            update.execute();
        }
    }
}
