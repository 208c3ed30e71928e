package dev.attest.server.console;

import dev.attest.core.admin.WorkspaceAdministration;
import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.Catalog;
import dev.attest.core.event.Event;
import dev.attest.core.event.EventDocument;
import dev.attest.core.event.EventId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import dev.attest.core.log.Checkpointer;
import dev.attest.core.member.Workspace;
import dev.attest.core.org.Organization;
import dev.attest.core.portal.ViewerRestrictions;
import dev.attest.core.store.Cursor;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.EventPage;
import dev.attest.core.store.InvalidCursorException;
import dev.attest.core.store.PageRequest;
import dev.attest.core.store.Storage;
import dev.attest.core.store.VolumeBucket;
import dev.attest.integrity.NoteVerifier;
import dev.attest.server.BidiControls;
import dev.attest.server.EventProofs;
import dev.attest.server.Json;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.ConsoleViews.Bar;
import dev.attest.server.console.ConsoleViews.Chart;
import dev.attest.server.console.ConsoleViews.Detail;
import dev.attest.server.console.ConsoleViews.Export;
import dev.attest.server.console.ConsoleViews.Field;
import dev.attest.server.console.ConsoleViews.Hidden;
import dev.attest.server.console.ConsoleViews.LogPage;
import dev.attest.server.console.ConsoleViews.Row;
import dev.attest.server.console.ConsoleViews.Rows;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The audit log page, its "load more" rows, the detail drawer, and the exports. */
final class LogPages {
    private static final int PAGE = 50;
    private static final int BUCKETS = 48;
    private static final DateTimeFormatter TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Set<String> CATEGORY_CLASSES = Set.of("auth", "api", "developer", "user", "org", "group");

    private final Storage storage;
    private final ConsoleAudit audit;
    private final Templates templates;
    private final Clock clock;
    private final EventProofs proofs;
    private final WorkspaceAdministration workspaces;

    LogPages(Storage storage, Checkpointer checkpointer, ConsoleAudit audit, Templates templates, Clock clock) {
        this.storage = storage;
        this.audit = audit;
        this.templates = templates;
        this.clock = clock;
        this.proofs = new EventProofs(storage, NoteVerifier.fromVerifierKey(checkpointer.verifierKey()));
        this.workspaces = new WorkspaceAdministration(storage, clock);
    }

    /** A signed-in member reading {@code org}'s log. */
    LogReader reader(SignedIn viewer, Organization org) {
        return new LogReader(
                ConsoleRoutes.viewer(viewer, org, "log"),
                "/orgs/" + org.id().value(),
                workspaces.visibleTo(viewer.principal(org.id(), RequestContext.NONE)),
                ViewerRestrictions.NONE,
                ConsoleAudit.actor(viewer.member()),
                viewer.impersonator(),
                // A deleted organization's log is closed (its org.delete is its last event): the super-user's export
                // of it is recorded in the installation's log instead.
                org.deleted() ? ConsoleRoutes.logOf(viewer.member()) : org.id(),
                Map.of());
    }

    void log(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org) {
        log(request, response, reader(viewer, org), org);
    }

    void more(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org) {
        more(request, response, reader(viewer, org), org);
    }

    void event(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org) {
        event(request, response, reader(viewer, org), org);
    }

    void exportCsv(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org) {
        export(request, response, reader(viewer, org), org, "csv");
    }

    void exportJsonl(ServerRequest request, ServerResponse response, SignedIn viewer, Organization org) {
        export(request, response, reader(viewer, org), org, "jsonl");
    }

    void log(ServerRequest request, ServerResponse response, LogReader reader, Organization org) {
        if (request.headers().contains(HeaderNames.create("HX-Request"))) {
            // The filter bar sends every field, empty ones too; the address bar shows only what is set.
            String query = ConsoleFilters.of(request, clock).queryString();
            response.header(
                    HeaderNames.create("HX-Push-Url"), reader.base() + "/log" + (query.isEmpty() ? "" : "?" + query));
        }
        templates.send(response, 200, "log.jte", "page", page(request, reader, org, null));
    }

    /** The workspaces the reader may choose among: the visible ones, or all of the organization's. */
    private List<String> choices(LogReader reader, Organization org) {
        var names = new java.util.TreeSet<String>();
        names.add(Workspace.DEFAULT);
        reader.workspaces()
                .ifPresentOrElse(
                        names::addAll, () -> storage.workspaces().list(org.id()).forEach(w -> names.add(w.name())));
        List<String> within = reader.restrictions().workspacesWithin(List.copyOf(names));
        return within.stream().filter(names::contains).toList();
    }

    /** The filters of the request within what the reader may read; empty when they can match nothing. */
    private static Optional<EventFilter> narrowed(LogReader reader, EventFilter asked) {
        return reader.restrictions().narrow(asked);
    }

    private EventPage query(LogReader reader, EventFilter asked, PageRequest pageRequest) {
        Optional<EventFilter> filter = narrowed(reader, asked);
        return filter.isPresent() ? storage.events().query(filter.get(), pageRequest) : new EventPage(List.of(), null);
    }

    private LogPage page(ServerRequest request, LogReader reader, Organization org, @Nullable Detail detail) {
        ConsoleFilters filters =
                ConsoleFilters.of(request, clock).within(reader.workspaces()).offering(choices(reader, org));
        EventPage page = query(reader, filters.filter(org.id()), PageRequest.first(PAGE));
        String base = reader.base();
        String filterQuery = filters.queryString();
        return new LogPage(
                reader.viewer(),
                base,
                org.name(),
                filters.view(),
                chart(reader, org, filters),
                rows(base, filterQuery, filters.pinnedQueryString(), page),
                reader.restrictions().exportAllowed()
                        ? List.of(
                                new Export(base + "/export.csv", "Export CSV"),
                                new Export(base + "/export.jsonl", "Export JSON Lines"))
                        : List.of(),
                filters.fields().entrySet().stream()
                        .map(field -> new Hidden(field.getKey(), field.getValue()))
                        .toList(),
                detail);
    }

    void more(ServerRequest request, ServerResponse response, LogReader reader, Organization org) {
        ConsoleFilters filters = ConsoleFilters.of(request, clock).within(reader.workspaces());
        EventPage page;
        try {
            page = query(
                    reader,
                    filters.filter(org.id()),
                    new PageRequest(
                            PAGE, Cursor.decode(request.query().first("cursor").orElse(""))));
        } catch (InvalidCursorException e) {
            page = new EventPage(List.of(), null);
        }
        templates.send(
                response,
                200,
                "rows.jte",
                "rows",
                rows(reader.base(), filters.queryString(), filters.pinnedQueryString(), page));
    }

    void event(ServerRequest request, ServerResponse response, LogReader reader, Organization org) {
        String id = request.path().pathParameters().get("id");
        Optional<Set<String>> visible = reader.workspaces();
        // An event the reader may not read (another workspace, outside a viewer's restrictions) is answered as one that
        // does not exist.
        Optional<Event> event = (EventId.FORM.matcher(id).matches()
                        ? storage.events().find(org.id(), new EventId(id))
                        : Optional.<Event>empty())
                .filter(e -> visible.isEmpty() || visible.get().contains(e.workspace()))
                .filter(reader.restrictions()::admits);
        if (event.isEmpty()) {
            templates.send(
                    response,
                    404,
                    "message.jte",
                    "page",
                    new ConsoleViews.Message(
                            reader.viewer(),
                            "Event not found",
                            "There is no event " + id + " in " + org.name() + ".",
                            404));
            return;
        }
        String filterQuery = ConsoleFilters.of(request, clock).queryString();
        Detail detail = detail(reader.base(), org, event.get(), filterQuery);
        if (request.headers().contains(HeaderNames.create("HX-Request"))) {
            templates.send(response, 200, "drawer.jte", "detail", detail);
        } else {
            templates.send(response, 200, "log.jte", "page", page(request, reader, org, detail));
        }
    }

    private Rows rows(String base, String filterQuery, String pinnedQuery, EventPage page) {
        var rows = new ArrayList<Row>(page.events().size());
        for (Event event : page.events()) {
            rows.add(row(base, filterQuery, event));
        }
        Cursor next = page.next();
        return new Rows(rows, next == null ? null : base + "/log/more?" + pinnedQuery + "&cursor=" + next.encode());
    }

    private static Row row(String base, String filterQuery, Event event) {
        String name = event.actor().name();
        String email = event.actor().email();
        String actor = firstPresent(
                name, email, event.actor().id(), event.actor().type().wire());
        var detail = new ArrayList<String>();
        if (name != null && email != null) {
            detail.add(email);
        }
        if (event.actor().role() != null) {
            detail.add(event.actor().role());
        }
        Target target = event.target();
        String category = event.category();
        return new Row(
                event.id().value(),
                base + "/events/" + event.id().value() + (filterQuery.isEmpty() ? "" : "?" + filterQuery),
                EventDocument.timestamp(event.occurredAt()),
                TEXT.format(event.occurredAt()),
                inert(actor),
                inert(String.join(" · ", detail)),
                event.actor().type().wire(),
                event.action(),
                Catalog.standard().find(event.action()).map(ActionSpec::label).orElse("Custom action"),
                "cat-" + (CATEGORY_CLASSES.contains(category) ? category : "custom"),
                event.critical(),
                target == null ? "" : inert(target.type()),
                target == null ? "—" : inert(firstPresent(target.name(), target.id(), target.type())),
                event.outcome() == Outcome.FAILURE);
    }

    private Chart chart(LogReader reader, Organization org, ConsoleFilters filters) {
        Instant from = filters.since();
        Instant until = filters.until();
        Optional<EventFilter> filter =
                narrowed(reader, filters.filterOutsideRange(org.id()).build());
        List<VolumeBucket> buckets =
                filter.isPresent() ? storage.events().volume(filter.get(), from, until, BUCKETS) : none(from, until);
        long max = Math.max(
                1, buckets.stream().mapToLong(VolumeBucket::events).max().orElse(1));
        double width = 600.0 / buckets.size();
        var bars = new ArrayList<Bar>(buckets.size());
        long total = 0;
        long failures = 0;
        for (int i = 0; i < buckets.size(); i++) {
            VolumeBucket bucket = buckets.get(i);
            total += bucket.events();
            failures += bucket.failures();
            bars.add(new Bar(
                    i * width + 0.5,
                    Math.max(0.5, width - 1),
                    78.0 * bucket.events() / max,
                    78.0 * bucket.failures() / max,
                    TEXT.format(bucket.start()) + ": " + bucket.events() + " events, " + bucket.failures()
                            + " failures"));
        }
        return new Chart(
                bars,
                TEXT.format(from),
                TEXT.format(until.isAfter(clock.instant()) ? clock.instant() : until),
                total,
                failures);
    }

    /** Empty buckets over [from, until), as {@code volume} gives when nothing matches. */
    private static List<VolumeBucket> none(Instant from, Instant until) {
        long step = Math.max(1, (until.toEpochMilli() - from.toEpochMilli()) / BUCKETS);
        var buckets = new ArrayList<VolumeBucket>(BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            buckets.add(new VolumeBucket(from.plusMillis(i * step), 0, 0));
        }
        return buckets;
    }

    private Detail detail(String base, Organization org, Event event, String filterQuery) {
        var fields = new ArrayList<Field>();
        fields.add(new Field("Event id", event.id().value(), true));
        fields.add(new Field("Occurred", EventDocument.timestamp(event.occurredAt()), false));
        fields.add(new Field("Received", EventDocument.timestamp(event.receivedAt()), false));
        fields.add(new Field("Actor type", event.actor().type().wire(), false));
        add(fields, "Actor id", event.actor().id(), true);
        add(fields, "Actor name", event.actor().name(), false);
        add(fields, "Actor email", event.actor().email(), false);
        add(fields, "Actor role", event.actor().role(), false);
        Target target = event.target();
        if (target != null) {
            fields.add(new Field("Resource type", inert(target.type()), false));
            add(fields, "Resource id", target.id(), true);
            add(fields, "Resource name", target.name(), false);
        }
        fields.add(new Field("Outcome", event.outcome().wire(), false));
        fields.add(new Field("Workspace", event.workspace(), false));
        var context = new ArrayList<Field>();
        add(context, "IP address", event.context().ip(), true);
        add(context, "User agent", event.context().userAgent(), true);
        add(context, "Request id", event.context().requestId(), true);
        if (context.isEmpty()) {
            context.add(new Field("—", "No request metadata was sent with this event", false));
        }
        String suffix = filterQuery.isEmpty() ? "" : "?" + filterQuery;
        EventProofs.Status proof = proofs.check(org.id(), event);
        return new Detail(
                event.id().value(),
                event.action(),
                Catalog.standard().find(event.action()).map(ActionSpec::label).orElse("Custom action"),
                event.critical(),
                event.outcome() == Outcome.FAILURE,
                fields,
                context,
                inert(Json.pretty(EventDocument.of(event, true))),
                Long.toString(event.seq()),
                event.leafHash() == null ? "not computed" : event.leafHash(),
                proof.content(),
                proof.contentIntact(),
                proof.text(),
                proof.verified(),
                base + "/events/" + event.id().value(),
                base + "/log" + suffix);
    }

    /**
     * Streams every event of the filter (the form's hidden fields), page by page; the export itself is recorded in the
     * log first. A form without the session's CSRF token is refused and records nothing.
     */
    void export(ServerRequest request, ServerResponse response, LogReader reader, Organization org, String format) {
        Map<String, String> form = Forms.read(request);
        if (!MessageDigest.isEqual(
                reader.viewer().csrf().getBytes(StandardCharsets.UTF_8),
                form.getOrDefault("csrf", "").getBytes(StandardCharsets.UTF_8))) {
            refuseExport(
                    response,
                    reader,
                    "The export form was not sent from this page. Use the Export buttons of the" + " audit log.");
            return;
        }
        if (!reader.restrictions().exportAllowed()) {
            refuseExport(response, reader, "Exports are not allowed by the link you opened.");
            return;
        }
        ConsoleFilters filters = ConsoleFilters.of(form, clock).within(reader.workspaces());
        Map<String, Object> event = ConsoleAudit.event("log.export", reader.actor(), request);
        event.put("target", Map.of("type", "organization", "id", org.id().value(), "name", org.name()));
        var payload = new LinkedHashMap<String, Object>();
        payload.put("format", format);
        payload.put("filter", filters.queryString());
        payload.putAll(reader.exportPayload());
        ConsoleAudit.nameImpersonator(payload, reader.impersonator());
        event.put("payload", payload);
        audit.record(reader.exportLog(), event);
        String name = "attest-" + org.id().value() + "-"
                + TEXT.format(clock.instant()).replaceAll("[^0-9]", "") + "." + format;
        response.header(
                HeaderNames.CONTENT_TYPE, format.equals("csv") ? "text/csv; charset=utf-8" : "application/x-ndjson");
        response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        Optional<EventFilter> narrowed = narrowed(reader, filters.filter(org.id()));
        PageRequest first = PageRequest.first(PageRequest.MAX_LIMIT);
        // Buffered: the response stream sends each write as an HTTP chunk of its own, a system call per row.
        try (Writer out = new OutputStreamWriter(
                new BufferedOutputStream(response.outputStream(), 1 << 16), StandardCharsets.UTF_8)) {
            if (format.equals("csv")) {
                out.write(Csv.HEADER);
            }
            if (narrowed.isEmpty()) {
                return;
            }
            EventFilter filter = narrowed.get();
            EventPage page = storage.events().query(filter, first);
            var line = new StringBuilder(1024);
            while (true) {
                for (Event e : page.events()) {
                    line.setLength(0);
                    if (format.equals("csv")) {
                        Csv.row(e, line);
                    } else {
                        line.append(Json.text(EventDocument.of(e, true))).append('\n');
                    }
                    out.append(line);
                }
                Cursor next = page.next();
                if (next == null) {
                    break;
                }
                page = storage.events().query(filter, first.after(next));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("export of " + org.id() + " interrupted", e);
        }
    }

    private void refuseExport(ServerResponse response, LogReader reader, String text) {
        templates.send(
                response,
                403,
                "message.jte",
                "page",
                new ConsoleViews.Message(reader.viewer(), "Request refused", text, 403));
    }

    private static void add(List<Field> fields, String label, @Nullable String value, boolean code) {
        if (value != null) {
            fields.add(new Field(label, inert(value), code));
        }
    }

    private static String firstPresent(@Nullable String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }

    /**
     * Shows bidirectional control characters (e.g. U+202E RIGHT-TO-LEFT OVERRIDE) as visible escapes, so an event
     * cannot make the page display text in an order other than it was stored.
     */
    static String inert(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (BidiControls.contains(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
