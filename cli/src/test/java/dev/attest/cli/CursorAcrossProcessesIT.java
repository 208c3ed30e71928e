package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A cursor handed out by one server process still pages in the next one: a restart (or another process on the same
 * database) must not make a client's or the console's "load more" fail.
 */
class CursorAcrossProcessesIT {
    @TempDir
    Path data;

    @Test
    void cursorFromOneProcess_readsTheNextPageInAnother() throws Exception {
        var out = new StringWriter();
        int exit = AttestCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .execute("org", "create", "Acme", "--data", data.toString());
        assertThat(exit).isZero();
        JsonNode org = JsonMapper.shared().readTree(out.toString());
        String events = "/v1/organizations/" + org.get("id").asString() + "/events";
        String key = org.get("api_key").asString();
        // Enum filters (actor type, outcome) are what a per-JVM hash got wrong.
        String filters = "?limit=2&actor_type=member&outcome=success&category=user";

        JsonNode first;
        try (var server = ServerProcess.start(data, Map.of());
                var http = HttpClient.newHttpClient()) {
            for (int i = 1; i <= 5; i++) {
                HttpResponse<String> created = http.send(
                        HttpRequest.newBuilder(URI.create(server.url() + events))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("""
                                        {"id": "e%d", "action": "user.roleChange",
                                         "actor": {"type": "member", "id": "usr_9"},
                                         "target": {"type": "user", "id": "usr_12"},
                                         "payload": {"from": "member", "to": "admin"}}""".formatted(i)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }
            first = get(http, server.url() + events + filters, key);
        }
        assertThat(ids(first)).containsExactly("e5", "e4");
        String cursor = first.get("next_cursor").asString();

        try (var server = ServerProcess.start(data, Map.of());
                var http = HttpClient.newHttpClient()) {
            JsonNode second = get(http, server.url() + events + filters + "&cursor=" + cursor, key);
            JsonNode third = get(
                    http,
                    server.url() + events + filters + "&cursor="
                            + second.get("next_cursor").asString(),
                    key);

            assertThat(ids(second)).containsExactly("e3", "e2");
            assertThat(ids(third)).containsExactly("e1");
        }
    }

    private static JsonNode get(HttpClient http, String url, String key) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.shared().readTree(response.body());
    }

    private static List<String> ids(JsonNode page) {
        var ids = new ArrayList<String>();
        page.get("data").forEach(event -> ids.add(event.get("id").asString()));
        return ids;
    }
}
