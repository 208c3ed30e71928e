package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.storage.sqlite.SqliteStorage;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile or careless client against a real server over SQLite: bodies that are empty, huge, endless or of too many
 * events, and odd media types. Each is refused with a 4xx problem document as soon as it can be, never a 5xx.
 */
class HostileInputIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    TestServer server;
    HostileClient raw;

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
