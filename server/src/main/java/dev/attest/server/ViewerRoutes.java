package dev.attest.server;

import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.Catalog;
import dev.attest.core.event.Event;
import dev.attest.core.event.EventDocument;
import dev.attest.core.event.EventId;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.portal.Portal;
import dev.attest.core.portal.ViewerGrant;
import dev.attest.core.store.Cursor;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.EventPage;
import dev.attest.core.store.Storage;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The read-only routes of the embedded viewer ({@code <attest-log>}, docs/adr/0015):
 * {@code GET /v1/organizations/{org}/viewer/events} (the filters and cursor of {@code /events}) and
 * {@code …/viewer/events/{id}} (one event with its proof status). They take a viewer token in
 * {@code Authorization: Bearer avt_…} and nothing else (no cookie, no API key), read only the token's organization,
 * narrowed to its restrictions, and answer cross-origin requests (CORS, with preflight) only from the origins that
 * organization registered; other origins get no CORS headers, so the browser withholds the answer. Thread-safe.
 */
final class ViewerRoutes implements HttpService {
    private static final String BEARER = "Bearer ";

    private final Portal portal;
    private final Storage storage;
    private final EventProofs proofs;

    ViewerRoutes(Portal portal, Storage storage, EventProofs proofs) {
        this.portal = portal;
        this.storage = storage;
        this.proofs = proofs;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.options("/{org}/viewer/events", this::preflight)
                .options("/{org}/viewer/events/{id}", this::preflight)
                .get("/{org}/viewer/events", this::list)
                .get("/{org}/viewer/events/{id}", this::one);
    }

    /**
     * Adds the CORS headers (Fetch standard §3.2) when the request's {@code Origin} is one the path's organization
     * registered; returns whether it is.
     */
    private boolean allowOrigin(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.VARY, "Origin");
        Optional<String> origin = request.headers().first(HeaderNames.ORIGIN);
        String org = request.path().pathParameters().get("org");
        if (origin.isEmpty() || !OrganizationId.isValid(org)) {
            return false;
        }
        Optional<String> normalized = Portal.normalizeOrigin(origin.get());
        if (normalized.isEmpty()
                || !normalized.get().equals(origin.get())
                || !portal.origins(new OrganizationId(org)).contains(normalized.get())) {
            return false;
        }
        response.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin.get());
        return true;
    }

    private void preflight(ServerRequest request, ServerResponse response) {
        if (allowOrigin(request, response)) {
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET");
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization");
            response.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        }
        response.status(Status.NO_CONTENT_204);
        response.send();
    }

    /**
     * The viewer token of the request, for the path's organization.
     *
     * @throws Problem 401 without a live viewer token; 403 for another credential; 404 for another organization
     */
    private ViewerGrant viewer(ServerRequest request, ServerResponse response) {
        allowOrigin(request, response);
        String authorization =
                request.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (authorization.isEmpty()) {
            throw unauthorized("send a viewer token as Authorization: Bearer avt_… (minted with POST /viewer-tokens)");
        }
        if (!authorization.startsWith(BEARER + Portal.TOKEN_PREFIX)) {
            throw new Problem(
                    403,
                    "viewer-token-required",
                    "Viewer token required",
                    "these routes take a viewer token (Authorization: Bearer avt_…), not an API key or access token");
        }
        ViewerGrant grant = portal.token(authorization.substring(BEARER.length()))
                .orElseThrow(() -> unauthorized("the viewer token is unknown or expired; ask for a new one"));
        String path = request.path().pathParameters().get("org");
        if (!path.equals(grant.organization().value())
                || storage.organizations()
                        .find(grant.organization())
                        .filter(o -> !o.deleted())
                        .isEmpty()) {
            throw Problem.notFound("organization " + path + " not found");
        }
        return grant;
    }

    private static Problem unauthorized(String detail) {
        return new Problem(
                401,
                "unauthorized",
                "Authentication required",
                detail,
                List.of(),
                Map.of("WWW-Authenticate", "Bearer realm=\"attest-viewer\""));
    }

    private void list(ServerRequest request, ServerResponse response) {
        ViewerGrant grant = viewer(request, response);
        EventRoutes.QueryParameters query = EventRoutes.QueryParameters.read(request, grant.organization());
        Optional<EventFilter> narrowed = grant.restrictions().narrow(query.filter());
        EventPage page = narrowed.isPresent()
                ? storage.events().query(narrowed.get(), query.page())
                : new EventPage(List.of(), null);
        var body = new LinkedHashMap<String, @Nullable Object>();
        body.put("data", page.events().stream().map(ViewerRoutes::summary).toList());
        Cursor next = page.next();
        body.put("next_cursor", next == null ? null : next.encode());
        body.put("restrictions", PortalRoutes.restrictions(grant.restrictions()));
        noStore(response);
        EventRoutes.sendJson(response, body);
    }

    private void one(ServerRequest request, ServerResponse response) {
        ViewerGrant grant = viewer(request, response);
        String id = request.path().pathParameters().get("id");
        Event event = (EventId.FORM.matcher(id).matches()
                        ? storage.events().find(grant.organization(), new EventId(id))
                        : Optional.<Event>empty())
                .filter(grant.restrictions()::admits)
                .orElseThrow(() -> Problem.notFound("event " + id + " not found"));
        EventProofs.Status status = proofs.check(grant.organization(), event);
        Map<String, @Nullable Object> body = summary(event);
        body.put("event", EventDocument.of(event, true));
        var proof = new LinkedHashMap<String, @Nullable Object>();
        proof.put("seq", event.seq());
        proof.put("leaf_hash", event.leafHash());
        proof.put("content_intact", status.contentIntact());
        proof.put("content", status.content());
        proof.put("verified", status.verified());
        proof.put("status", status.text());
        body.put("proof", proof);
        noStore(response);
        EventRoutes.sendJson(response, body);
    }

    /** One event as the component's table shows it: the event and its catalog label and marker. */
    private static Map<String, @Nullable Object> summary(Event event) {
        var row = new LinkedHashMap<String, @Nullable Object>(EventDocument.of(event, true));
        row.put(
                "action_label",
                Catalog.standard().find(event.action()).map(ActionSpec::label).orElse("Custom action"));
        row.put("critical", event.critical());
        return row;
    }

    /**
     * Serves {@code <attest-log>}'s script: any site may load it (it holds nothing but code); what it reads needs a
     * viewer token and a registered origin.
     */
    static void script(ServerResponse response, byte[] script) {
        response.header(HeaderNames.CONTENT_TYPE, "text/javascript; charset=utf-8");
        response.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
        response.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        response.header(HeaderNames.create("Cross-Origin-Resource-Policy"), "cross-origin");
        response.send(script);
    }

    private static void noStore(ServerResponse response) {
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
    }
}
