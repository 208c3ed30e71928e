package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.store.EventFilter;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile or careless client against a real server over SQLite: bad JSON, unpaired surrogates in every field of
 * every ingest API, huge, deep and odd bodies, odd dates and numbers in every query parameter, malformed headers. No
 * answer may be a 5xx, no refused request may leave anything in any log, and another organization's events must
 * commit as they would without the hostile client.
 */
class HostileInputIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    /** Stands for the unpaired surrogate in a JSON text, where it must be written as an escape. */
    private static final String MARK = "MARK";

    private static final String SURROGATE = "x\\ud800y";

    @TempDir
    Path data;

    TestServer server;
    HostileClient raw;
    /** A member of Acme who may read and export its log, for the console's cases. */
    Accounts.@Nullable Created owner;

    @BeforeEach
    void start() {
        server = new TestServer(SqliteStorage.open(data, 4), b -> b.clock(CLOCK));
        raw = new HostileClient(server.server.port());
        assertThat(server.postAcme(Documents.roleChange("before")).status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---------------------------------------------------------------------------------------------------- corpus

    /** One hostile request, and what it must get. */
    record Case(String name, Supplier<Integer> send, int low, int high) {}

    /** The JSON text of {@code document} with the unpaired surrogate (as an escape) where {@link #MARK} was put. */
    private static String poisoned(Object document) {
        return Documents.json(document).replace(MARK, SURROGATE);
    }

    /** A JSON text as a mutable document. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(String json) {
        return Json.MAPPER.readValue(json, Map.class);
    }

    private static Map<String, Object> v1Event(String id) {
        return document("""
                {"id": "%s", "action": "user.roleChange", "occurred_at": "2026-11-27T09:15:02.120Z",
                 "actor": {"type": "member", "id": "usr_9", "name": "Ada", "role": "owner"},
                 "target": {"type": "user", "id": "usr_12", "name": "Grace"}, "workspace": "default",
                 "context": {"ip": "203.0.113.7", "user_agent": "UA", "request_id": "r1"},
                 "payload": {"from": "member", "to": "admin", "nested": {"list": ["a"]}}}""".formatted(id));
    }

    /** Every string of a /v1 event, by pointer, with the surrogate put there. */
    private static Map<String, String> v1Surrogates() {
        var bodies = new LinkedHashMap<String, String>();
        for (String pointer : List.of(
                "/id",
                "/organization_id",
                "/action",
                "/occurred_at",
                "/outcome",
                "/workspace",
                "/actor/type",
                "/actor/id",
                "/actor/name",
                "/actor/email",
                "/actor/role",
                "/target/type",
                "/target/id",
                "/target/name",
                "/context/ip",
                "/context/user_agent",
                "/context/request_id",
                "/payload/to",
                "/payload/extra",
                "/payload/nested/list/0",
                "/payload/nested/deeper")) {
            bodies.put(pointer, poisoned(with(v1Event("p"), pointer, MARK)));
        }
        return bodies;
    }

    /** A mutable copy of {@code document} with {@code value} at {@code pointer} (RFC 6901, without escapes). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> with(Map<String, Object> document, String pointer, Object value) {
        Map<String, Object> copy = document(Documents.json(document));
        String[] path = pointer.substring(1).split("/", -1);
        Object at = copy;
        for (int i = 0; i < path.length - 1; i++) {
            at = Objects.requireNonNull(
                    at instanceof List<?> list ? list.get(Integer.parseInt(path[i])) : ((Map<?, ?>) at).get(path[i]));
        }
        String last = path[path.length - 1];
        if (at instanceof List<?> list) {
            ((List<Object>) list).set(Integer.parseInt(last), value);
        } else {
            ((Map<String, Object>) at).put(last, value);
        }
        return copy;
    }

    private static Map<String, Object> workOsRequest(String org) {
        return document("""
                {"organization_id": "%s", "event": {"action": "user.signed_in",
                 "occurred_at": "2026-11-27T09:15:02.120Z", "version": "1",
                 "actor": {"type": "user", "id": "u1", "name": "Ada", "metadata": {"k": "v"}},
                 "targets": [{"type": "team", "id": "t1", "name": "Team", "metadata": {"k": "v"}}],
                 "context": {"location": "203.0.113.7", "user_agent": "UA"}, "metadata": {"k": "v"}}}""".formatted(org));
    }

    private static Map<String, Object> retracedEvent() {
        return document("""
                {"action": "document.viewed", "crud": "r", "created": "2026-11-27T09:15:02.120Z",
                 "actor": {"id": "alice", "name": "Alice", "href": "h", "fields": {"k": "v"}},
                 "target": {"id": "doc_1", "name": "Doc", "type": "Document", "fields": {"k": "v"}},
                 "group": {"id": "g1", "name": "Group"}, "source_ip": "203.0.113.7", "description": "viewed",
                 "fields": {"k": "v"}, "metadata": {"k": "v"}, "external_id": "x1", "component": "c", "version": "1"}""");
    }

    private HttpRequest.Builder v1Post(String contentType, byte[] body) {
        var request = HttpRequest.newBuilder(server.uri(server.eventsPath(server.acmeId())))
                .header("Authorization", "Bearer " + server.acmeKey())
                .POST(BodyPublishers.ofByteArray(body));
        return contentType.isEmpty() ? request : request.header("Content-Type", contentType);
    }

    private int v1(String body) {
        return server.send(v1Post("application/json", body.getBytes(StandardCharsets.UTF_8))
                        .build())
                .status();
    }

    private int workOs(String body) {
        return server.send(HttpRequest.newBuilder(server.uri("/audit_logs/events"))
                        .header("Authorization", "Bearer " + server.acmeKey())
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString(body))
                        .build())
                .status();
    }

    private int retraced(String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(
                                "/publisher/v1/project/" + server.acmeId().value() + path))
                        .header("Authorization", "token=" + server.acmeKey())
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString(body))
                        .build())
                .status();
    }

    private int get(String pathAndQuery) {
        return server.get(pathAndQuery, server.acmeKey()).status();
    }

    private List<Case> corpus(String session) {
        Accounts.Created signedIn = Objects.requireNonNull(owner);
        var cases = new ArrayList<Case>();
        // Bodies that are not JSON, or not the JSON of events.
        List<String> badBodies = List.of(
                "",
                " ",
                "null",
                "0",
                "\"event\"",
                "[]",
                "{}",
                "[0]",
                "[null]",
                "[[]]",
                "{",
                "[",
                "]",
                "[{}",
                "{\"action\":",
                "{\"a\":1,\"a\":2}",
                "{} {}",
                "[] x",
                "\u0000",
                "\ufeff{}",
                "{\"action\":\"a.b\",\"actor\":{\"type\":\"system\"},\"payload\":{\"n\":1e400}}",
                "{\"action\":\"a.b\",\"actor\":{\"type\":\"system\"},\"payload\":{\"n\":9007199254740993}}",
                "{\"action\":\"a.b\",\"actor\":{\"type\":\"system\"},\"payload\":{\"n\":" + "9".repeat(5000) + "}}",
                "{\"action\":\"a.b\",\"actor\":{\"type\":\"system\"},\"payload\":{\"n\":NaN}}",
                "{\"action\":\"a.b\",\"actor\":{\"type\":\"system\"},\"payload\":{\"k\\ud800\":1}}",
                "{\"action\":\"a.b\",\"actor\":{\"type\":\"system\"},\"payload\":{\"s\":\"" + "s".repeat(40_000)
                        + "\"}}",
                "[".repeat(100_000),
                "{\"action\":\"a.b\",\"actor\":{\"type\":\"system\"},\"payload\":" + "{\"d\":".repeat(10_000) + "1"
                        + "}".repeat(10_001) + "}",
                "[" + "{},".repeat(1_000) + "{}]",
                "[" + Documents.roleChange("mixed-ok") + ",{\"action\":\"bad\"}]",
                "[" + Documents.roleChange("mixed-1") + "," + Documents.roleChange("mixed-1") + "]");
        for (String body : badBodies) {
            String shown = body.length() > 40 ? body.substring(0, 40) + "…(" + body.length() + ")" : body;
            // 400, or 413 where the body is larger than one event's endpoint takes (WorkOS 422: fields missing).
            cases.add(new Case("v1 body " + shown, () -> v1(body), 400, 400));
            cases.add(new Case("workos body " + shown, () -> workOs(body), 400, 422));
            cases.add(new Case("retraced body " + shown, () -> retraced("/event", body), 400, 413));
            cases.add(new Case("retraced bulk body " + shown, () -> retraced("/event/bulk", body), 400, 400));
        }
        byte[][] invalidUtf8 = {
            {(byte) 0xff}, {'"', (byte) 0xc0, (byte) 0x80, '"'}, {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}
        };
        for (byte[] body : invalidUtf8) {
            cases.add(new Case(
                    "v1 invalid UTF-8",
                    () -> server.send(v1Post("application/json", body).build()).status(),
                    400,
                    400));
        }
        // Unpaired surrogates, everywhere a string can be.
        v1Surrogates().forEach((pointer, body) -> {
            cases.add(new Case("v1 surrogate at " + pointer, () -> v1(body), 400, 400));
            cases.add(new Case(
                    "v1 surrogate in a batch at /2" + pointer,
                    () -> v1("[" + Documents.roleChange("b0") + "," + Documents.roleChange("b1") + "," + body + "]"),
                    400,
                    400));
        });
        for (String pointer : List.of(
                "/organization_id",
                "/event/action",
                "/event/occurred_at",
                "/event/version",
                "/event/actor/type",
                "/event/actor/id",
                "/event/actor/name",
                "/event/actor/metadata/k",
                "/event/targets/0/type",
                "/event/targets/0/id",
                "/event/targets/0/name",
                "/event/targets/0/metadata/k",
                "/event/context/location",
                "/event/context/user_agent",
                "/event/metadata/k")) {
            String body = poisoned(with(workOsRequest(server.acmeId().value()), pointer, MARK));
            cases.add(new Case("workos surrogate at " + pointer, () -> workOs(body), 400, 422));
        }
        for (String pointer : List.of(
                "/action",
                "/crud",
                "/created",
                "/actor/id",
                "/actor/name",
                "/actor/href",
                "/actor/fields/k",
                "/target/id",
                "/target/name",
                "/target/type",
                "/target/fields/k",
                "/group/id",
                "/group/name",
                "/source_ip",
                "/description",
                "/fields/k",
                "/metadata/k",
                "/external_id",
                "/component",
                "/version")) {
            String one = poisoned(with(retracedEvent(), pointer, MARK));
            cases.add(new Case("retraced surrogate at " + pointer, () -> retraced("/event", one), 400, 400));
            String bulk = "{\"events\":[" + Documents.json(retracedEvent()) + "," + one + "]}";
            cases.add(new Case("retraced bulk surrogate at " + pointer, () -> retraced("/event/bulk", bulk), 400, 400));
        }
        cases.add(new Case(
                "retraced bulk of 1001",
                () -> retraced(
                        "/event/bulk",
                        "{\"events\":["
                                + String.join(",", java.util.Collections.nCopies(1001, Documents.json(retracedEvent())))
                                + "]}"),
                400,
                400));
        cases.add(new Case(
                "retraced bulk events not an array", () -> retraced("/event/bulk", "{\"events\":{}}"), 400, 400));
        cases.add(new Case(
                "retraced bulk element not an object", () -> retraced("/event/bulk", "{\"events\":[1]}"), 400, 400));
        // Odd dates in events.
        for (String date : List.of(
                "+999999999-12-31T23:59:59Z",
                "-999999999-01-01T00:00:00Z",
                "2026-02-30T00:00:00Z",
                "2026-11-27T09:00:00.1234567Z",
                "9999-12-31T23:59:59Z",
                "2026-11-27",
                "1969-12-31T23:59:59Z")) {
            Map<String, Object> event = v1Event("d");
            event.put("occurred_at", date);
            String body = Documents.json(event);
            cases.add(new Case("v1 occurred_at " + date, () -> v1(body), 400, 400));
            String workos = Documents.json(with(workOsRequest(server.acmeId().value()), "/event/occurred_at", date));
            cases.add(new Case("workos occurred_at " + date, () -> workOs(workos), 400, 422));
            if (!date.contains(".1234567")) {
                // Retraced's clients send milliseconds; finer digits are cut, not refused.
                Map<String, Object> retracedEvent = retracedEvent();
                retracedEvent.put("created", date);
                cases.add(new Case(
                        "retraced created " + date, () -> retraced("/event", Documents.json(retracedEvent)), 400, 400));
            }
        }
        // Headers.
        String valid = Documents.roleChange("header-case");
        for (String type : List.of(
                "garbage",
                "/",
                "application/",
                ";",
                "application/json;;charset",
                "application/json; charset=\"utf-8",
                "text/plain",
                "application/xml",
                "application/json; charset=iso-8859-1",
                "application/json; charset=\"UTF-16\"")) {
            cases.add(new Case(
                    "v1 Content-Type " + type,
                    () -> server.send(v1Post(type, valid.getBytes(StandardCharsets.UTF_8))
                                    .build())
                            .status(),
                    400,
                    415));
        }
        // Odd query parameters of the API.
        String events = server.eventsPath(server.acmeId());
        String org = "/v1/organizations/" + server.acmeId().value();
        String forgedCursor = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("c1:" + Long.MIN_VALUE + ":1:1:"
                                + EventFilter.of(server.acmeId()).fingerprint())
                        .getBytes(StandardCharsets.US_ASCII));
        for (String query : List.of(
                "since=%2B999999999-12-31T23:59:59Z",
                "until=%2B999999999-12-31T23:59:59Z",
                "since=-999999999-01-01T00:00:00Z",
                "until=-000001-01-01T00:00:00Z",
                "since=2026-13-01T00:00:00Z",
                "since=x",
                "limit=0",
                "limit=-1",
                "limit=99999999999",
                "limit=1e3",
                "actor_type=robot",
                "outcome=maybe",
                "critical=yes",
                "cursor=%00",
                "cursor=" + forgedCursor)) {
            cases.add(new Case("GET events?" + query, () -> get(events + "?" + query), 400, 400));
        }
        for (String path : List.of(
                org + "/checkpoint?size=9223372036854775807",
                org + "/checkpoint?size=-9223372036854775808",
                org + "/checkpoint?size=x",
                org + "/proofs/inclusion?seq=9223372036854775807",
                org + "/proofs/inclusion?seq=-1&tree_size=1",
                org + "/proofs/inclusion?seq=1&tree_size=9223372036854775807",
                org + "/proofs/inclusion?id=%00",
                org + "/proofs/consistency?from=9223372036854775807&to=1",
                org + "/proofs/consistency?from=1&to=-9223372036854775808",
                org + "/proofs/consistency?from=x",
                org + "/export?to=9223372036854775807",
                org + "/export?to=-1",
                events + "/%00",
                events + "/" + "e".repeat(5000))) {
            // 400, 404 (no such checkpoint or event), or 414 for a path longer than the server reads.
            cases.add(new Case("GET " + path.substring(0, Math.min(path.length(), 80)), () -> get(path), 400, 414));
        }
        // The console: its time parameters and the header it echoes, before anything is recorded.
        String log = "/orgs/" + server.acmeId().value();
        for (String query : List.of(
                "at=9223372036854775807",
                "at=-9223372036854775808",
                "at=253402300800000",
                "at=x",
                "range=custom&from=%2B999999999-12-31",
                "range=custom&to=%2B999999999-12-31",
                "range=custom&from=-999999999-01-01",
                "range=custom&to=2026-02-30")) {
            for (String page : List.of("/log?", "/log/more?cursor=x&", "/export.csv?", "/export.jsonl?")) {
                cases.add(new Case(
                        "console " + page + query,
                        () -> console(session, log + page + query).status(),
                        400,
                        400));
            }
        }
        cases.add(new Case(
                "console sign-in page next with CR LF",
                () -> console(session, "/sign-in?next=%2Forgs%0D%0ASet-Cookie:%20x=y")
                        .status(),
                400,
                400));
        cases.add(new Case(
                "console sign-in with next with CR LF",
                () -> signIn(signedIn.member().email(), signedIn.password(), "/orgs\r\nSet-Cookie: x=y")
                        .status(),
                400,
                400));
        return cases;
    }

    /**
     * A console request of the signed-in {@code session}: a GET, or for the exports (which write {@code log.export})
     * the form a browser posts, the query as its fields, with the session's CSRF token.
     */
    private TestServer.Reply console(String session, String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        if (!path.endsWith("/export.csv") && !path.endsWith("/export.jsonl")) {
            return server.send(HttpRequest.newBuilder(server.uri(pathAndQuery))
                    .header("Cookie", "attest_session=" + session)
                    .GET()
                    .build());
        }
        TestServer.Reply page =
                server.send(HttpRequest.newBuilder(server.uri(path.substring(0, path.lastIndexOf('/')) + "/log"))
                        .header("Cookie", "attest_session=" + session)
                        .GET()
                        .build());
        Matcher csrf = CSRF.matcher(page.raw().body());
        assertThat(csrf.find()).isTrue();
        String fields = (query < 0 ? "" : pathAndQuery.substring(query + 1) + "&") + "csrf=" + encode(csrf.group(1));
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Cookie", "attest_session=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", server.uri("/").toString().replaceAll("/$", ""))
                .POST(BodyPublishers.ofString(fields))
                .build());
    }

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** Posts the sign-in form, with its double-submit token, as a browser would. */
    private TestServer.Reply signIn(String email, String password, String next) {
        TestServer.Reply page =
                server.send(HttpRequest.newBuilder(server.uri("/sign-in")).GET().build());
        Matcher csrf = CSRF.matcher(page.raw().body());
        assertThat(csrf.find()).isTrue();
        String cookie = page.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("attest_signin="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow();
        String form = "csrf=" + encode(csrf.group(1)) + "&email=" + encode(email) + "&password=" + encode(password)
                + "&next=" + encode(next);
        return server.send(HttpRequest.newBuilder(server.uri("/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(BodyPublishers.ofString(form))
                .build());
    }

    private String session() {
        Accounts.Created member = Objects.requireNonNull(owner);
        TestServer.Reply reply = signIn(member.member().email(), member.password(), "");
        assertThat(reply.status()).isEqualTo(303);
        return reply.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("attest_session="))
                .map(c -> c.substring("attest_session=".length(), c.indexOf(';')))
                .findFirst()
                .orElseThrow();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Every log's size: the organizations' and the installation's. */
    private Map<OrganizationId, Long> sizes() {
        var sizes = new LinkedHashMap<OrganizationId, Long>();
        for (OrganizationId org :
                List.of(server.acmeId(), server.globex.organization().id(), Accounts.INSTALLATION)) {
            sizes.put(org, server.storage.events().size(org));
        }
        return sizes;
    }

    // ----------------------------------------------------------------------------------------------------- tests

    @Test
    void corpus_noAnswerIs5xx_andNoRefusedRequestLeavesAnything() {
        var accounts = new Accounts(server.storage, CLOCK);
        accounts.ensureInstallation();
        owner = accounts.createMember(server.acmeId(), "ada@acme.test", "Ada", Role.OWNER);
        String session = session();
        List<Case> cases = corpus(session);
        var soft = new SoftAssertions();
        for (Case hostile : cases) {
            Map<OrganizationId, Long> before = sizes();
            int status = hostile.send().get();
            soft.assertThat(status).as(hostile.name()).isBetween(hostile.low(), hostile.high());
            soft.assertThat(sizes())
                    .as(hostile.name() + ": logs after a refusal")
                    .isEqualTo(before);
        }
        soft.assertAll();
        assertThat(cases).hasSizeGreaterThan(300);
    }

    @Test
    void consoleExport_timeBeyondTheYears0000To9999_400_andNoLogExportRecorded() {
        owner = new Accounts(server.storage, CLOCK).createMember(server.acmeId(), "ada@acme.test", "Ada", Role.OWNER);
        String session = session();
        long before = server.storage.events().size(server.acmeId());

        TestServer.Reply export =
                console(session, "/orgs/" + server.acmeId().value() + "/export.csv?at=9223372036854775807");
        TestServer.Reply range = console(
                session, "/orgs/" + server.acmeId().value() + "/export.jsonl?range=custom&to=%2B999999999-12-31");

        assertThat(export.status()).isEqualTo(400);
        assertThat(export.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(export.json().get("errors").get(0).get("parameter").asString())
                .isEqualTo("at");
        assertThat(range.status()).isEqualTo(400);
        assertThat(range.json().get("errors").get(0).get("parameter").asString())
                .isEqualTo("to");
        assertThat(server.storage.events().size(server.acmeId())).isEqualTo(before);
    }

    @Test
    void signIn_nextWithCrLf_400_andNoSignInRecorded() {
        owner = new Accounts(server.storage, CLOCK).createMember(server.acmeId(), "ada@acme.test", "Ada", Role.OWNER);
        long before = server.storage.events().size(server.acmeId());

        TestServer.Reply reply = signIn("ada@acme.test", owner.password(), "/orgs\r\nSet-Cookie: attest_session=x");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").get(0).get("parameter").asString())
                .isEqualTo("next");
        assertThat(reply.raw().headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("attest_session"));
        assertThat(server.storage.events().size(server.acmeId())).isEqualTo(before);
    }

    @Test
    void hostileClientSendingPoisonedEvents_otherTenantCommitsInAsManyTransactions() throws Exception {
        List<String> poisoned = new ArrayList<>(v1Surrogates().values());
        poisoned.add("[" + Documents.roleChange("h0") + "," + poisoned.getFirst() + "]");
        int cleanRequests = 30;

        Load alone = cleanLoad(cleanRequests);
        var statuses = new CopyOnWriteArrayList<Integer>();
        var stop = new AtomicBoolean();
        var hostile = new ArrayList<Thread>();
        for (int t = 0; t < 2; t++) {
            int offset = t;
            hostile.add(Thread.ofPlatform().start(() -> {
                for (int i = offset; !stop.get(); i++) {
                    statuses.add(v1(poisoned.get(i % poisoned.size())));
                    statuses.add(
                            workOs(poisoned(with(workOsRequest(server.acmeId().value()), "/event/metadata/k", MARK))));
                    statuses.add(retraced("/event", poisoned(with(retracedEvent(), "/fields/k", MARK))));
                }
            }));
        }
        while (statuses.size() < 20) {
            Thread.sleep(10);
        }
        Load underAttack = cleanLoad(cleanRequests);
        stop.set(true);
        for (Thread thread : hostile) {
            thread.join();
        }

        assertThat(statuses)
                .hasSizeGreaterThan(20)
                .allSatisfy(status -> assertThat(status).isEqualTo(400));
        // Each clean request is one transaction, alone or under attack; the hostile requests reach none, so none
        // is rolled back and none is committed for them.
        assertThat(alone.transactions()).isEqualTo(cleanRequests);
        assertThat(underAttack.transactions()).isEqualTo(alone.transactions());
        assertThat(underAttack.aborted()).isZero();
        assertThat(server.storage.events().size(server.acmeId())).isEqualTo(1);
        System.out.printf(
                java.util.Locale.ROOT,
                "clean tenant: %d transactions for %d requests alone and %d under attack (%d hostile requests);"
                        + " wall clock %.1f ms alone, %.1f ms under attack (ratio %.2f)%n",
                alone.transactions(),
                cleanRequests,
                underAttack.transactions(),
                statuses.size(),
                alone.elapsed().toNanos() / 1e6,
                underAttack.elapsed().toNanos() / 1e6,
                (double) underAttack.elapsed().toNanos() / alone.elapsed().toNanos());
    }

    /** What the sequencer did while the clean organization sent its requests, one after the other. */
    record Load(long transactions, long aborted, Duration elapsed) {}

    private Load cleanLoad(int requests) {
        long groups = server.server.sequencer().groups();
        long aborted = server.server.sequencer().abortedGroups();
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            String id = "clean-" + groups + "-" + i;
            assertThat(server.post(
                                    server.globex.organization().id(),
                                    server.globex.apiKey().secret(),
                                    Documents.roleChange(id))
                            .status())
                    .isEqualTo(201);
        }
        return new Load(
                server.server.sequencer().groups() - groups,
                server.server.sequencer().abortedGroups() - aborted,
                Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void mediaType_matchedWithoutRegardToCase_withParameters_utf8Only() {
        var soft = new SoftAssertions();
        int n = 0;
        for (String type : List.of(
                "APPLICATION/JSON",
                "Application/Json; charset=UTF-8",
                "application/json;charset=\"utf-8\"",
                "application/json ; charset=utf8 ; q=1")) {
            byte[] body = Documents.roleChange("type-" + n++).getBytes(StandardCharsets.UTF_8);
            soft.assertThat(server.send(v1Post(type, body).build()).status())
                    .as(type)
                    .isEqualTo(201);
        }
        TestServer.Reply latin1 = server.send(v1Post(
                        "application/json; charset=ISO-8859-1",
                        Documents.roleChange("latin1").getBytes(StandardCharsets.ISO_8859_1))
                .build());
        soft.assertThat(latin1.status()).isEqualTo(415);
        soft.assertThat(latin1.header("Content-Type")).isEqualTo("application/problem+json");
        soft.assertThat(latin1.json().get("detail").asString())
                .isEqualTo("JSON is exchanged in UTF-8 (RFC 8259 §8.1); charset=ISO-8859-1 is not accepted");
        TestServer.Reply garbage =
                server.send(v1Post("garbage", Documents.roleChange("g").getBytes(StandardCharsets.UTF_8))
                        .build());
        soft.assertThat(garbage.status()).isEqualTo(400);
        soft.assertThat(garbage.json().get("type").asString()).isEqualTo("urn:attest:problem:invalid-header");
        soft.assertAll();
    }

    @Test
    void emptyBody_400ProblemOnEveryIngestEndpoint() {
        TestServer.Reply v1 =
                server.send(v1Post("application/json", new byte[0]).build());
        assertThat(v1.status()).isEqualTo(400);
        assertThat(v1.json().get("detail").asString()).isEqualTo("the body is empty; send a JSON document");
        assertThat(workOs("")).isEqualTo(400);
        assertThat(retraced("/event", "")).isEqualTo(400);
        assertThat(retraced("/event/bulk", "")).isEqualTo(400);
    }

    @Test
    void bodyOf38Megabytes_declared_413BeforeItIsRead() {
        long count = 19_000_000;
        HostileClient.Answer answer = raw.send(
                "POST " + server.eventsPath(server.acmeId()) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + server.acmeKey() + "\r\nContent-Type: application/json\r\nContent-Length: " + (2 * count + 1),
                HostileClient.repeated("[", "0,", count, "0]"));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.body()).contains("urn:attest:problem:body-too-large");
        assertThat(answer.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void bodyOf38Megabytes_chunked_refusedAtTheFirstElementThatIsNotAnEvent() {
        HostileClient.Answer answer = raw.send(
                "POST " + server.eventsPath(server.acmeId()) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + server.acmeKey() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
                HostileClient.chunked(HostileClient.repeated("[", "0,", 19_000_000, "0]")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("\"pointer\":\"/0\"").contains("[0].event must be a JSON object");
        assertThat(answer.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void batchOfMoreThan1000Events_chunked_refusedAtThe1001st() {
        String event = Documents.roleChange("same");
        HostileClient.Answer answer = raw.send(
                "POST " + server.eventsPath(server.acmeId()) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + server.acmeKey() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
                HostileClient.chunked(HostileClient.repeated("[", event + ",", 100_000, event + "]")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("a batch holds at most 1000 events");
        assertThat(answer.elapsed()).isLessThan(Duration.ofSeconds(10));
        assertThat(server.storage.events().size(server.acmeId())).isEqualTo(1);
    }

    @Test
    void oneEventLargerThanTheLimit_chunked_refusedWhileRead() {
        HostileClient.Answer answer = raw.send(
                "POST " + server.eventsPath(server.acmeId()) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + server.acmeKey() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
                HostileClient.chunked(HostileClient.repeated(
                        "[{\"action\":\"a.b\",\"payload\":{\"list\":[", "1,", 10_000_000, "1]}}]")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("[0].event is larger than 32768 bytes");
        assertThat(answer.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void compatibleEndpoints_bodyLargerThanTheirLimit_413() {
        String head = " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n";
        HostileClient.Answer workOs = raw.send(
                "POST /audit_logs/events" + head + "Authorization: Bearer " + server.acmeKey(),
                HostileClient.repeated("", " ", 100_000, ""));
        HostileClient.Answer retraced = raw.send(
                "POST /publisher/v1/project/" + server.acmeId().value() + "/event" + head + "Authorization: token="
                        + server.acmeKey(),
                HostileClient.repeated("", " ", 100_000, ""));
        HostileClient.Answer beyondTheServer = raw.send(
                "POST /publisher/v1/project/" + server.acmeId().value() + "/event/bulk HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 40000000\r\nAuthorization: token="
                        + server.acmeKey(),
                HostileClient.repeated("", " ", 40_000_000, ""));

        for (HostileClient.Answer answer : List.of(workOs, retraced, beyondTheServer)) {
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        }
    }
}
