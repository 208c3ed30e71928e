package dev.attest.server;

import dev.attest.core.admin.ConflictException;
import dev.attest.core.admin.DirectorySync;
import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.InvalidChangeException;
import dev.attest.core.admin.NotFoundException;
import dev.attest.core.member.Member;
import dev.attest.core.store.DirectoryToken;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * SCIM 2.0 at {@code /scim/v2/{org}} (RFC 7643, RFC 7644): the organization's members as Users, for a directory
 * (Okta, Entra ID, …) that provisions and deprovisions them with the organization's directory token as
 * {@code Authorization: Bearer}. Users are listed (with the filter {@code userName eq "…"} only), read, created,
 * replaced, patched and deleted; deactivation in each form directories send it, and deletion, disable the member
 * through {@link DirectorySync#deprovision}. Errors are SCIM's own (RFC 7644 §3.12), as {@code application/scim+json}
 * like every answer here.
 */
final class ScimRoutes implements HttpService {
    private static final System.Logger LOG = System.getLogger(ScimRoutes.class.getName());
    static final String MEDIA_TYPE = "application/scim+json";
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_PAGE = 200;
    private static final String SCHEME = "Bearer ";
    // RFC 7644 §3.4.2.2: attribute names and operators are case-insensitive; the value is a JSON string.
    private static final Pattern USER_NAME_EQ =
            Pattern.compile("\\s*userName\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*", Pattern.CASE_INSENSITIVE);

    private final DirectorySync directory;

    ScimRoutes(DirectorySync directory) {
        this.directory = directory;
    }

    /** An answer in SCIM's error schema (RFC 7644 §3.12). */
    static final class ScimError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final @Nullable String scimType;

        ScimError(int status, @Nullable String scimType, String detail) {
            super(detail);
            this.status = status;
            this.scimType = scimType;
        }
    }

    private interface Scim {
        void handle(ServerRequest request, ServerResponse response, DirectoryToken token);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{org}/ServiceProviderConfig", scim(this::serviceProviderConfig))
                .get("/{org}/ResourceTypes", scim(this::resourceTypes))
                .get("/{org}/Schemas", scim(this::schemas))
                .get("/{org}/Users", scim(this::list))
                .post("/{org}/Users", scim(this::create))
                .get("/{org}/Users/{id}", scim(this::one))
                .put("/{org}/Users/{id}", scim(this::replace))
                .patch("/{org}/Users/{id}", scim(this::patch))
                .delete("/{org}/Users/{id}", scim(this::delete))
                .any((request, response) -> send(
                        response,
                        new ScimError(
                                404,
                                null,
                                "no SCIM resource at "
                                        + request.path().absolute().path()
                                        + "; this service provider offers Users, ServiceProviderConfig,"
                                        + " ResourceTypes and Schemas")));
    }

    /** Authenticates the directory, checks the path's organization is its own, and answers errors SCIM's way. */
    private Handler scim(Scim work) {
        return (request, response) -> {
            try {
                DirectoryToken token = authenticate(request);
                work.handle(request, response, token);
            } catch (ScimError error) {
                send(response, error);
            } catch (NotFoundException notFound) {
                send(response, new ScimError(404, null, String.valueOf(notFound.getMessage())));
            } catch (ConflictException conflict) {
                send(response, new ScimError(409, "uniqueness", String.valueOf(conflict.getMessage())));
            } catch (InvalidChangeException invalid) {
                send(response, new ScimError(400, "invalidValue", String.valueOf(invalid.getMessage())));
            } catch (ForbiddenException refused) {
                send(response, new ScimError(403, null, String.valueOf(refused.getMessage())));
            } catch (Problem problem) {
                send(response, new ScimError(problem.status(), null, String.valueOf(problem.getMessage())));
            } catch (RuntimeException failed) {
                LOG.log(Level.ERROR, "SCIM request " + RequestIds.of(request) + " failed", failed);
                send(response, new ScimError(500, null, "the server failed; the request id names it in the logs"));
            }
        };
    }

    private DirectoryToken authenticate(ServerRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty() || !header.get().regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new ScimError(401, null, "send the organization's directory token as Authorization: Bearer <token>");
        }
        DirectoryToken token = directory
                .authenticate(header.get().substring(SCHEME.length()).trim())
                .orElseThrow(() -> new ScimError(401, null, "the directory token is not valid (revoked or mistyped)"));
        String org = request.path().pathParameters().get("org");
        if (!token.organization().value().equals(org)) {
            // Another organization is answered as one that does not exist.
            throw new ScimError(404, null, "organization " + org + " not found");
        }
        return token;
    }

    private void list(ServerRequest request, ServerResponse response, DirectoryToken token) {
        Optional<String> filter = request.query().first("filter").asOptional();
        List<Member> found;
        if (filter.isPresent()) {
            Matcher eq = USER_NAME_EQ.matcher(filter.get());
            if (!eq.matches()) {
                throw new ScimError(
                        400, "invalidFilter", "the only filter supported is userName eq \"…\", not " + filter.get());
            }
            String userName = eq.group(1).replaceAll("\\\\(.)", "$1");
            found = directory.memberByEmail(token, userName).stream().toList();
        } else {
            found = directory.members(token);
        }
        int startIndex = intParameter(request, "startIndex", 1);
        int count = Math.min(intParameter(request, "count", MAX_PAGE), MAX_PAGE);
        // RFC 7644 §3.4.2.4: startIndex is 1-based; values below 1 are read as 1, a negative count as 0.
        int from = Math.min(Math.max(startIndex, 1) - 1, found.size());
        int to = Math.min(from + Math.max(count, 0), found.size());
        String base = base(token);
        List<Map<String, Object>> page =
                found.subList(from, to).stream().map(m -> user(m, base)).toList();
        ok(response, Status.OK_200, listOf(page, found.size(), from + 1));
    }

    private static int intParameter(ServerRequest request, String name, int absent) {
        Optional<String> value = request.query().first(name).asOptional();
        if (value.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.get().strip());
        } catch (NumberFormatException e) {
            throw new ScimError(400, "invalidValue", name + " must be an integer, not " + value.get());
        }
    }

    private void one(ServerRequest request, ServerResponse response, DirectoryToken token) {
        ok(response, Status.OK_200, user(found(request, token), base(token)));
    }

    private void create(ServerRequest request, ServerResponse response, DirectoryToken token) {
        Map<String, Object> body = body(request);
        Object userName = field(body, "userName");
        if (!(userName instanceof String text) || text.isBlank()) {
            throw new ScimError(400, "invalidValue", "userName is required: the person's email address");
        }
        Boolean active = active(field(body, "active"), "active");
        Member member = directory.provision(token, text, name(body), active == null || active);
        String base = base(token);
        response.header(HeaderNames.LOCATION, base + "/Users/" + member.id());
        ok(response, Status.CREATED_201, user(member, base));
    }

    private void replace(ServerRequest request, ServerResponse response, DirectoryToken token) {
        Member member = found(request, token);
        Map<String, Object> body = body(request);
        Object userName = field(body, "userName");
        if (!(userName instanceof String text) || text.isBlank()) {
            throw new ScimError(400, "invalidValue", "userName is required in a replacement (RFC 7644 §3.5.1)");
        }
        // Attest keeps the email, name and role it was given; of a replacement it takes whether the person is active.
        Boolean active = active(field(body, "active"), "active");
        ok(response, Status.OK_200, user(apply(request, token, member, active), base(token)));
    }

    private void patch(ServerRequest request, ServerResponse response, DirectoryToken token) {
        Member member = found(request, token);
        Map<String, Object> body = body(request);
        if (!(field(body, "Operations") instanceof List<?> operations) || operations.isEmpty()) {
            throw new ScimError(
                    400, "invalidSyntax", "Operations is required: a non-empty array of operations (RFC 7644 §3.5.2)");
        }
        Boolean active = null;
        for (int i = 0; i < operations.size(); i++) {
            if (!(operations.get(i) instanceof Map<?, ?> operation)) {
                throw new ScimError(400, "invalidSyntax", "Operations/" + i + " must be an object");
            }
            Object op = field(operation, "op");
            String verb = op instanceof String text ? text.toLowerCase(Locale.ROOT) : "";
            if (!List.of("add", "replace", "remove").contains(verb)) {
                throw new ScimError(400, "invalidSyntax", "Operations/" + i + "/op must be add, replace or remove");
            }
            Object path = field(operation, "path");
            Object value = field(operation, "value");
            if (path == null && value instanceof Map<?, ?> attributes) {
                // Okta: {"op": "replace", "value": {"active": false}}, without a path (RFC 7644 §3.5.2.3).
                Boolean asked = active(field(attributes, "active"), "Operations/" + i + "/value/active");
                active = asked != null ? asked : active;
            } else if (path instanceof String text && text.strip().equalsIgnoreCase("active")) {
                if (verb.equals("remove")) {
                    throw new ScimError(400, "mutability", "active cannot be removed; replace it with true or false");
                }
                // Entra ID: {"op": "Replace", "path": "active", "value": "False"}.
                active = active(value, "Operations/" + i + "/value");
            } else if (path != null && !(path instanceof String)) {
                throw new ScimError(400, "invalidPath", "Operations/" + i + "/path must be a string");
            }
            // Other attributes (name, emails, externalId, …) are not kept by Attest and are accepted unchanged.
        }
        ok(response, Status.OK_200, user(apply(request, token, member, active), base(token)));
    }

    private void delete(ServerRequest request, ServerResponse response, DirectoryToken token) {
        Member member = found(request, token);
        // The member is disabled, not erased: the log names them, and it is never rewritten (docs/adr/0011).
        directory.deprovision(token, member.id(), Callers.context(request));
        response.status(Status.NO_CONTENT_204);
        response.send();
    }

    /** Applies {@code active}: {@code false} deprovisions; {@code true} of a disabled member is refused. */
    private Member apply(ServerRequest request, DirectoryToken token, Member member, @Nullable Boolean active) {
        if (Boolean.FALSE.equals(active)) {
            return directory.deprovision(token, member.id(), Callers.context(request));
        }
        if (Boolean.TRUE.equals(active) && member.disabled()) {
            throw new ScimError(
                    400,
                    "mutability",
                    "member " + member.id() + " is disabled, and a disabled member is not enabled again: assign the"
                            + " person anew under another userName, or ask an owner to invite them");
        }
        return member;
    }

    private Member found(ServerRequest request, DirectoryToken token) {
        String id = request.path().pathParameters().get("id");
        return directory.member(token, id).orElseThrow(() -> new ScimError(404, null, "no User " + id));
    }

    /** {@code true}, {@code false}, or the strings Entra ID sends ({@code "True"}, {@code "False"}); null if absent. */
    private static @Nullable Boolean active(@Nullable Object value, String pointer) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text) {
            if (text.strip().equalsIgnoreCase("true")) {
                return true;
            }
            if (text.strip().equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw new ScimError(400, "invalidValue", pointer + " must be true or false");
    }

    /** The name a new User carries: displayName, name.formatted, or given and family name; null when none. */
    private static @Nullable String name(Map<String, Object> body) {
        if (field(body, "displayName") instanceof String shown && !shown.isBlank()) {
            return shown;
        }
        if (field(body, "name") instanceof Map<?, ?> name) {
            if (field(name, "formatted") instanceof String formatted && !formatted.isBlank()) {
                return formatted;
            }
            String given = field(name, "givenName") instanceof String text ? text.strip() : "";
            String family = field(name, "familyName") instanceof String text ? text.strip() : "";
            String joined = (given + " " + family).strip();
            return joined.isEmpty() ? null : joined;
        }
        return null;
    }

    /** A field of a SCIM object: attribute names are case-insensitive (RFC 7643 §2.1). */
    private static @Nullable Object field(Map<?, ?> object, String name) {
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            if (String.valueOf(entry.getKey()).equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked") // A JSON object read by Jackson: its keys are strings.
    private static Map<String, Object> body(ServerRequest request) {
        String type = request.headers()
                .first(HeaderNames.CONTENT_TYPE)
                .orElse(MEDIA_TYPE)
                .toLowerCase(Locale.ROOT);
        if (!type.startsWith(MEDIA_TYPE) && !type.startsWith("application/json")) {
            throw new ScimError(415, null, "send the body as " + MEDIA_TYPE + " (RFC 7644 §3.1)");
        }
        byte[] raw = request.content().as(byte[].class);
        if (raw.length > MAX_BODY_BYTES) {
            throw new ScimError(413, null, "the body is larger than the " + MAX_BODY_BYTES + " bytes accepted here");
        }
        Object parsed;
        try {
            parsed = Json.MAPPER.readValue(raw, Object.class);
        } catch (JacksonException e) {
            throw new ScimError(400, "invalidSyntax", "the body is not valid JSON");
        }
        if (!(parsed instanceof Map<?, ?> object)) {
            throw new ScimError(400, "invalidSyntax", "the body must be a JSON object");
        }
        return (Map<String, Object>) object;
    }

    private static String base(DirectoryToken token) {
        return "/scim/v2/" + token.organization().value();
    }

    /** A member as a SCIM User (RFC 7643 §4.1). */
    static Map<String, Object> user(Member member, String base) {
        var user = new LinkedHashMap<String, Object>();
        user.put("schemas", List.of(USER));
        user.put("id", member.id());
        user.put("userName", member.email());
        user.put("name", Map.of("formatted", member.name()));
        user.put("displayName", member.name());
        user.put("emails", List.of(Map.of("value", member.email(), "type", "work", "primary", true)));
        user.put("active", !member.disabled());
        var meta = new LinkedHashMap<String, Object>();
        meta.put("resourceType", "User");
        meta.put("created", member.createdAt().toString());
        meta.put("location", base + "/Users/" + member.id());
        user.put("meta", meta);
        return user;
    }

    private void serviceProviderConfig(ServerRequest request, ServerResponse response, DirectoryToken token) {
        var body = new LinkedHashMap<String, Object>();
        body.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"));
        body.put("documentationUri", "/openapi.yaml");
        body.put("patch", Map.of("supported", true));
        body.put("bulk", Map.of("supported", false, "maxOperations", 0, "maxPayloadSize", 0));
        body.put("filter", Map.of("supported", true, "maxResults", MAX_PAGE));
        body.put("changePassword", Map.of("supported", false));
        body.put("sort", Map.of("supported", false));
        body.put("etag", Map.of("supported", false));
        body.put(
                "authenticationSchemes",
                List.of(Map.of(
                        "type",
                        "oauthbearertoken",
                        "name",
                        "Directory token",
                        "description",
                        "The organization's directory token as Authorization: Bearer",
                        "primary",
                        true)));
        body.put("meta", Map.of("resourceType", "ServiceProviderConfig"));
        ok(response, Status.OK_200, body);
    }

    private void resourceTypes(ServerRequest request, ServerResponse response, DirectoryToken token) {
        var user = new LinkedHashMap<String, Object>();
        user.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:ResourceType"));
        user.put("id", "User");
        user.put("name", "User");
        user.put("endpoint", "/Users");
        user.put("schema", USER);
        user.put("meta", Map.of("resourceType", "ResourceType", "location", base(token) + "/ResourceTypes/User"));
        ok(response, Status.OK_200, listOf(List.of(user), 1, 1));
    }

    private void schemas(ServerRequest request, ServerResponse response, DirectoryToken token) {
        List<Map<String, Object>> attributes = new ArrayList<>();
        attributes.add(attribute("userName", "string", true, "readWrite", "server"));
        attributes.add(attribute("displayName", "string", false, "readWrite", "none"));
        attributes.add(attribute("active", "boolean", false, "readWrite", "none"));
        var user = new LinkedHashMap<String, Object>();
        user.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Schema"));
        user.put("id", USER);
        user.put("name", "User");
        user.put("description", "A member of the organization");
        user.put("attributes", attributes);
        user.put("meta", Map.of("resourceType", "Schema", "location", base(token) + "/Schemas/" + USER));
        ok(response, Status.OK_200, listOf(List.of(user), 1, 1));
    }

    private static Map<String, Object> attribute(
            String name, String type, boolean required, String mutability, String uniqueness) {
        var attribute = new LinkedHashMap<String, Object>();
        attribute.put("name", name);
        attribute.put("type", type);
        attribute.put("multiValued", false);
        attribute.put("required", required);
        attribute.put("caseExact", false);
        attribute.put("mutability", mutability);
        attribute.put("returned", "default");
        attribute.put("uniqueness", uniqueness);
        return attribute;
    }

    /** A ListResponse (RFC 7644 §3.4.2): one page of {@code total} resources, from {@code startIndex} (1-based). */
    private static Map<String, Object> listOf(List<Map<String, Object>> resources, int total, int startIndex) {
        var body = new LinkedHashMap<String, Object>();
        body.put("schemas", List.of(LIST));
        body.put("totalResults", total);
        body.put("startIndex", startIndex);
        body.put("itemsPerPage", resources.size());
        body.put("Resources", resources);
        return body;
    }

    private static void ok(ServerResponse response, Status status, Map<String, Object> body) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        response.send(Json.write(body));
    }

    private static void send(ServerResponse response, ScimError error) {
        var body = new LinkedHashMap<String, Object>();
        body.put("schemas", List.of(ERROR));
        // RFC 7644 §3.12: the status is a string.
        body.put("status", Integer.toString(error.status));
        if (error.scimType != null) {
            body.put("scimType", error.scimType);
        }
        body.put("detail", String.valueOf(error.getMessage()));
        if (error.status == 401) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"attest-scim\"");
        }
        response.status(Status.create(error.status));
        response.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        response.send(Json.write(body));
    }
}
