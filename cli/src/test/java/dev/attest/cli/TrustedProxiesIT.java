package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.PageRequest;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ATTEST_TRUSTED_PROXIES} reaches the server: behind the proxy, the console records the forwarded client. */
class TrustedProxiesIT {
    @TempDir
    Path data;

    @Test
    void trustedProxiesFromTheEnvironment_failedSignInRecordsTheForwardedClient() throws Exception {
        try (var server = ServerProcess.start(data, Map.of("ATTEST_TRUSTED_PROXIES", "127.0.0.1/32, ::1/128"));
                var http = HttpClient.newBuilder()
                        .cookieHandler(new CookieManager())
                        .build()) {
            String page = http.send(
                            HttpRequest.newBuilder(URI.create(server.url() + "/sign-in"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
            assertThat(csrf.find()).isTrue();
            String form = "csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                    + "&email=nobody%40acme.test&password=wrong&next=";

            HttpResponse<String> failed = http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/sign-in"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("X-Forwarded-For", "6.6.6.6, 198.51.100.7")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(failed.statusCode()).isEqualTo(401);
        }
        try (var storage = SqliteStorage.open(data, 1)) {
            List<Event> failures = storage.events()
                    .query(
                            EventFilter.builder(Accounts.INSTALLATION)
                                    .actions(List.of("auth.login.failure"))
                                    .build(),
                            PageRequest.first())
                    .events();
            assertThat(failures)
                    .singleElement()
                    .satisfies(event -> assertThat(event.context().ip()).isEqualTo("198.51.100.7"));
        }
    }
}
