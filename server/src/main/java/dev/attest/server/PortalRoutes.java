package dev.attest.server;

import dev.attest.core.admin.Principal;
import dev.attest.core.catalog.Catalog;
import dev.attest.core.member.Workspace;
import dev.attest.core.portal.Portal;
import dev.attest.core.portal.ViewerGrant;
import dev.attest.core.portal.ViewerIdentity;
import dev.attest.core.portal.ViewerRestrictions;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/organizations/{org}/portal-links}, {@code …/viewer-tokens} and {@code …/viewer-origins} (scope
 * {@code portal}, docs/adr/0015): a vendor's backend hands its customer a single-use link to the portal, or a
 * short-lived token for the embedded viewer, each with optional restrictions and the viewer it vouches for; and sets
 * the origins the embedded viewer may be used from. The answer carries the secret ({@code link} or {@code token}) this
 * once. Thin: {@link Callers} says who asks, {@link Portal} applies the rules.
 */
final class PortalRoutes implements HttpService {
    private static final Set<String> RESTRICTIONS =
            Set.of("viewer", "workspaces", "actions", "categories", "since", "until", "export_allowed");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-zA-Z0-9]*");
    private static final int MAX_ITEMS = 100;

    private final Callers callers;
    private final Portal portal;
    private final Supplier<String> baseUrl;

    PortalRoutes(Callers callers, Portal portal, Supplier<String> baseUrl) {
        this.callers = callers;
        this.portal = portal;
        this.baseUrl = baseUrl;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{org}/portal-links", this::link)
                .post("/{org}/viewer-tokens", this::token)
                .get("/{org}/viewer-origins", this::origins)
                .put("/{org}/viewer-origins", this::replaceOrigins);
    }

    private Principal caller(ServerRequest request) {
        return callers.resolve(request, request.path().pathParameters().get("org"));
    }

    private void link(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        ChangeBody body = ChangeBody.read(request, RESTRICTIONS);
        Asked asked = read(body);
        body.requireNoProblems();
        Portal.Issued issued = portal.issueLink(principal, asked.viewer(), asked.restrictions());
        Map<String, @Nullable Object> document = document(issued.grant());
        // Shown this once; only its hash is kept.
        document.put("link", baseUrl.get() + "/portal/" + issued.secret());
        response.status(Status.CREATED_201);
        EventRoutes.sendJson(response, document);
    }

    private void token(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        var known = new java.util.HashSet<>(RESTRICTIONS);
        known.add("expires_in");
        ChangeBody body = ChangeBody.read(request, known);
        Asked asked = read(body);
        Duration lifetime = Portal.TOKEN_LIFETIME;
        Object expiresIn = body.get("expires_in");
        if (expiresIn != null) {
            if (expiresIn instanceof Long seconds && seconds >= 1 && seconds <= Portal.MAX_TOKEN_LIFETIME.toSeconds()) {
                lifetime = Duration.ofSeconds(seconds);
            } else {
                body.reject(
                        "expires_in",
                        "expires_in must be a whole number of seconds from 1 to "
                                + Portal.MAX_TOKEN_LIFETIME.toSeconds());
            }
        }
        body.requireNoProblems();
        Portal.Issued issued = portal.issueToken(principal, asked.viewer(), asked.restrictions(), lifetime);
        Map<String, @Nullable Object> document = document(issued.grant());
        // Shown this once; only its hash is kept.
        document.put("token", issued.secret());
        response.status(Status.CREATED_201);
        EventRoutes.sendJson(response, document);
    }

    private void origins(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        principal.require(dev.attest.core.member.Permission.PORTAL_ISSUE);
        EventRoutes.sendJson(response, Map.of("origins", portal.origins(principal.organization())));
    }

    private void replaceOrigins(ServerRequest request, ServerResponse response) {
        Principal principal = caller(request);
        ChangeBody body = ChangeBody.read(request, Set.of("origins"));
        Object list = body.get("origins");
        var origins = new ArrayList<String>();
        if (!(list instanceof List<?> items)) {
            body.reject("origins", "origins must be an array of origins such as https://app.example.com");
        } else {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof String text) {
                    origins.add(text);
                } else {
                    body.reject("origins/" + i, "origins/" + i + " must be a string");
                }
            }
        }
        body.requireNoProblems();
        EventRoutes.sendJson(response, Map.of("origins", portal.replaceOrigins(principal, origins)));
    }

    /** The viewer and restrictions asked for. */
    record Asked(@Nullable ViewerIdentity viewer, ViewerRestrictions restrictions) {}

    /**
     * Reads the viewer and restrictions of a link or token, rejecting each broken rule on {@code body}; what it returns
     * is only meaningful once {@link ChangeBody#requireNoProblems()} passed.
     */
    static Asked read(ChangeBody body) {
        ViewerIdentity viewer = viewer(body);
        List<String> workspaces = list(body, "workspaces", Workspace.NAME, "workspace names such as production");
        List<String> actions = list(body, "actions", Catalog.ACTION_FORM, "actions such as user.roleChange");
        List<String> categories = list(body, "categories", CATEGORY, "categories such as auth");
        boolean both = !actions.isEmpty() && !categories.isEmpty();
        if (both) {
            body.reject("categories", "send actions or categories, not both");
        }
        Instant since = instant(body, "since");
        Instant until = instant(body, "until");
        boolean backwards = since != null && until != null && !since.isBefore(until);
        if (backwards) {
            body.reject("until", "until must be later than since");
        }
        Object export = body.get("export_allowed");
        if (export != null && !(export instanceof Boolean)) {
            body.reject("export_allowed", "export_allowed must be true or false");
        }
        return new Asked(
                viewer,
                // Broken rules were rejected above and are answered before this is used.
                new ViewerRestrictions(
                        workspaces,
                        actions,
                        both ? List.of() : categories,
                        since,
                        backwards ? null : until,
                        Boolean.TRUE.equals(export)));
    }

    private static @Nullable ViewerIdentity viewer(ChangeBody body) {
        Object value = body.get("viewer");
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            body.reject("viewer", "viewer must be an object with id, and optionally email and name");
            return null;
        }
        for (Object key : map.keySet()) {
            if (!Set.of("id", "email", "name").contains(String.valueOf(key))) {
                body.reject("viewer/" + key, "viewer." + key + " is not a field of a viewer; send id, email, name");
            }
        }
        String id = text(body, map, "id", true);
        String email = text(body, map, "email", false);
        String name = text(body, map, "name", false);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            body.reject("viewer/email", "viewer.email must be an email address");
        }
        return id == null ? null : new ViewerIdentity(id, email, name);
    }

    private static @Nullable String text(ChangeBody body, Map<?, ?> map, String field, boolean required) {
        Object value = map.get(field);
        if (value == null) {
            if (required) {
                body.reject("viewer/" + field, "viewer." + field + " is required: the vendor's id of the person");
            }
            return null;
        }
        if (!(value instanceof String text)
                || text.isBlank()
                || text.length() > ViewerIdentity.MAX_LENGTH
                || text.chars().anyMatch(Character::isISOControl)) {
            body.reject(
                    "viewer/" + field,
                    "viewer." + field + " must be a non-blank string of at most " + ViewerIdentity.MAX_LENGTH
                            + " characters without control characters");
            return null;
        }
        return text.strip();
    }

    private static List<String> list(ChangeBody body, String field, Pattern form, String what) {
        Object value = body.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items) || items.isEmpty() || items.size() > MAX_ITEMS) {
            body.reject(field, field + " must be an array of 1 to " + MAX_ITEMS + " " + what);
            return List.of();
        }
        var read = new ArrayList<String>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof String text && form.matcher(text).matches()) {
                read.add(text);
            } else {
                body.reject(field + "/" + i, field + "/" + i + " must be one of the " + what);
            }
        }
        return read;
    }

    private static @Nullable Instant instant(ChangeBody body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // rejected below
            }
        }
        body.reject(field, field + " must be an RFC 3339 time in UTC such as 2026-11-27T00:00:00Z");
        return null;
    }

    static Map<String, @Nullable Object> document(ViewerGrant grant) {
        var document = new LinkedHashMap<String, @Nullable Object>();
        document.put("id", grant.id());
        document.put("organization_id", grant.organization().value());
        document.put("expires_at", grant.expiresAt().toString());
        var viewer = new LinkedHashMap<String, @Nullable Object>();
        viewer.put("id", grant.viewer().id());
        viewer.put("email", grant.viewer().email());
        viewer.put("name", grant.viewer().name());
        document.put("viewer", viewer);
        document.put("restrictions", restrictions(grant.restrictions()));
        return document;
    }

    static Map<String, @Nullable Object> restrictions(ViewerRestrictions r) {
        var document = new LinkedHashMap<String, @Nullable Object>();
        document.put("workspaces", r.workspaces());
        document.put("actions", r.actions());
        document.put("categories", r.categories());
        document.put("since", r.since() == null ? null : r.since().toString());
        document.put("until", r.until() == null ? null : r.until().toString());
        document.put("export_allowed", r.exportAllowed());
        return document;
    }
}
