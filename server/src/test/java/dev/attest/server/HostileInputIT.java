package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.member.Role;
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
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile or careless client against a real server over SQLite: bodies that are empty, huge, endless or of too many
 * events, odd media types, and times and headers the console would echo. Each is refused with a 4xx problem document
 * as soon as it can be, never a 5xx, and before anything is recorded.
 */
class HostileInputIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

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

    private HttpRequest.Builder v1Post(String contentType, byte[] body) {
        var request = HttpRequest.newBuilder(server.uri(server.eventsPath(server.acmeId())))
                .header("Authorization", "Bearer " + server.acmeKey())
                .POST(BodyPublishers.ofByteArray(body));
        return contentType.isEmpty() ? request : request.header("Content-Type", contentType);
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

    private TestServer.Reply console(String session, String pathAndQuery) {
        return server.send(HttpRequest.newBuilder(server.uri(pathAndQuery))
                .header("Cookie", "attest_session=" + session)
                .GET()
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
