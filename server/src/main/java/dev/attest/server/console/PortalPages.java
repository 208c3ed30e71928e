package dev.attest.server.console;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.log.Checkpointer;
import dev.attest.core.org.Organization;
import dev.attest.core.portal.Portal;
import dev.attest.core.portal.ViewerGrant;
import dev.attest.core.portal.ViewerIdentity;
import dev.attest.core.store.Storage;
import dev.attest.server.Callers;
import dev.attest.server.console.ConsoleViews.Message;
import dev.attest.server.console.ConsoleViews.Viewer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The portal (docs/adr/0015): a vendor's customer opens a single-use link, which starts a read-only portal session in
 * a cookie ({@code attest_portal}, path {@code /portal}, {@code HttpOnly}, at most 8 hours) and shows the console's own
 * log page, drawer and exports of that one organization, narrowed to the link's restrictions on the server. A link
 * opened before, or too late, gets a page that says so (410). Thread-safe.
 */
public final class PortalPages implements HttpService {
    static final String COOKIE = "attest_portal";

    private final Portal portal;
    private final Storage storage;
    private final LogPages logPages;
    private final Templates templates = new Templates();
    private final Clock clock;

    public PortalPages(
            Portal portal,
            Storage storage,
            Sequencer sequencer,
            EventParser parser,
            Checkpointer checkpointer,
            Clock clock) {
        this.portal = portal;
        this.storage = storage;
        this.logPages = new LogPages(storage, checkpointer, new ConsoleAudit(parser, sequencer), templates, clock);
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/sign-out", fromThisSite(this::signOut))
                .get("/{token}", this::open)
                .get("/{org}/log", (req, res) -> reading(req, res, logPages::log))
                .get("/{org}/log/more", (req, res) -> reading(req, res, logPages::more))
                .get("/{org}/events/{id}", (req, res) -> reading(req, res, logPages::event))
                .post(
                        "/{org}/export.csv",
                        fromThisSite((req, res) ->
                                reading(req, res, (q, r, reader, org) -> logPages.export(q, r, reader, org, "csv"))))
                .post(
                        "/{org}/export.jsonl",
                        fromThisSite((req, res) ->
                                reading(req, res, (q, r, reader, org) -> logPages.export(q, r, reader, org, "jsonl"))));
    }

    /** Opens a portal link: starts the session and goes to the log, or says why the link does not work. */
    private void open(ServerRequest request, ServerResponse response) {
        String secret = request.path().pathParameters().get("token");
        Portal.Issued session;
        try {
            session = portal.open(secret, Callers.context(request));
        } catch (Portal.LinkRefusedException e) {
            refuse(response, e.refusal());
            return;
        }
        ViewerGrant grant = session.grant();
        response.headers()
                .addCookie(ConsoleSessions.cookie(COOKIE, session.secret(), request)
                        .path("/portal")
                        .maxAge(Duration.between(clock.instant(), grant.expiresAt()))
                        .build());
        ConsoleRoutes.redirect(response, "/portal/" + grant.organization().value() + "/log");
    }

    private void refuse(ServerResponse response, Portal.Refusal refusal) {
        Message page = switch (refusal) {
            case USED ->
                new Message(
                        null,
                        "This link was already used",
                        "A portal link opens the audit log once. Go back to the application that gave it to you and"
                                + " open the audit log again for a new link.",
                        410);
            case EXPIRED ->
                new Message(
                        null,
                        "This link has expired",
                        "A portal link must be opened within 5 minutes. Go back to the application that gave it to you"
                                + " and open the audit log again for a new link.",
                        410);
            case CLOSED ->
                new Message(null, "This audit log is closed", "The organization of this link was deleted.", 410);
            case UNKNOWN ->
                new Message(
                        null,
                        "This link does not work",
                        "No audit log opens with this link. Check that it was copied whole, or ask for a new one.",
                        404);
        };
        templates.send(response, page.status(), "message.jte", "page", page);
    }

    private void signOut(ServerRequest request, ServerResponse response) {
        Optional<ViewerGrant> session = session(request);
        request.headers().cookies().first(COOKIE).asOptional().ifPresent(portal::end);
        response.headers()
                .addCookie(ConsoleSessions.cookie(COOKIE, "", request)
                        .path("/portal")
                        .expires(Instant.EPOCH) // not Max-Age=0, which Helidon leaves out
                        .build());
        templates.send(
                response,
                200,
                "message.jte",
                "page",
                new Message(
                        null,
                        "Signed out",
                        session.isPresent()
                                ? "You closed the audit log. Open it again from the application that gave you the link."
                                : "You are not reading an audit log.",
                        200));
    }

    private Optional<ViewerGrant> session(ServerRequest request) {
        return request.headers().cookies().first(COOKIE).asOptional().flatMap(portal::session);
    }

    /** A log page of a portal session. */
    interface ReaderPage {
        void handle(ServerRequest request, ServerResponse response, LogReader reader, Organization organization);
    }

    /**
     * Runs {@code page} for the request's live portal session in the path's organization; a session of another
     * organization is answered as if that one did not exist, one that ended is told so.
     */
    private void reading(ServerRequest request, ServerResponse response, ReaderPage page) {
        Optional<ViewerGrant> session = session(request);
        if (session.isEmpty()) {
            templates.send(
                    response,
                    403,
                    "message.jte",
                    "page",
                    new Message(
                            null,
                            "Your session has ended",
                            "Portal sessions last 8 hours at most. Open the audit log again from the application that"
                                    + " gave you the link.",
                            403));
            return;
        }
        ViewerGrant grant = session.get();
        String path = request.path().pathParameters().get("org");
        Optional<Organization> org =
                OrganizationId.isValid(path) && path.equals(grant.organization().value())
                        ? storage.organizations().find(grant.organization()).filter(o -> !o.deleted())
                        : Optional.empty();
        Viewer viewer = viewer(grant);
        if (org.isEmpty()) {
            templates.send(
                    response,
                    404,
                    "message.jte",
                    "page",
                    new Message(viewer, "Not found", "There is no audit log here for you.", 404));
            return;
        }
        page.handle(request, response, reader(grant, viewer, org.get()), org.get());
    }

    private static Viewer viewer(ViewerGrant grant) {
        ViewerIdentity who = grant.viewer();
        String name = who.name() != null ? who.name() : who.email() != null ? who.email() : who.id();
        return new Viewer(
                name,
                who.email() == null ? "" : who.email(),
                "viewer",
                grant.csrf() == null ? "" : grant.csrf(),
                false,
                List.of(),
                null,
                true);
    }

    private static LogReader reader(ViewerGrant grant, Viewer viewer, Organization org) {
        ViewerIdentity who = grant.viewer();
        var actor = new java.util.LinkedHashMap<String, Object>();
        actor.put("type", "viewer");
        actor.put("id", who.id());
        if (who.name() != null) {
            actor.put("name", who.name());
        }
        if (who.email() != null) {
            actor.put("email", who.email());
        }
        return new LogReader(
                viewer,
                "/portal/" + org.id().value(),
                Optional.empty(),
                grant.restrictions(),
                actor,
                null,
                org.id(),
                Map.of("portal_session", grant.id()));
    }

    private Handler fromThisSite(Handler handler) {
        return ConsoleRoutes.fromThisSite(templates, handler);
    }
}
