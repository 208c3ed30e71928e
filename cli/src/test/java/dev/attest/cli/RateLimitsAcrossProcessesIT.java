package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.org.Onboarding;
import dev.attest.server.console.Accounts;
import dev.attest.storage.postgres.PostgresStorage;
import dev.attest.testing.TestClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sign-in limit between two {@code attest serve} processes — separate JVMs running the built cli jar, as an
 * operator runs them — on one embedded PostgreSQL: guesses spread over both are counted together. (The finer cases,
 * codes and reset requests with a clock the test moves, are {@link SharedRateLimitsIT}'s.) Nothing here waits for the
 * 15-minute window, so the machine's clock, which the processes use, decides nothing.
 */
class RateLimitsAcrossProcessesIT {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path data;

    @Test
    void passwordGuesses_spreadOverTwoProcesses_theSixthIsRefusedOnBoth() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (var connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                    var statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE attest_guesses");
            }
            String url = postgres.getJdbcUrl("postgres", "attest_guesses");
            Accounts.Created ada;
            try (PostgresStorage storage = PostgresStorage.open(url)) {
                OrganizationId org = new Onboarding(storage.organizations(), TestClock.clock())
                        .create("Acme Inc.")
                        .organization()
                        .id();
                ada = new Accounts(storage, TestClock.clock())
                        .createMember(org, "ada@acme.test", "Ada Lovelace", Role.OWNER);
            }
            Map<String, String> pool = Map.of("ATTEST_DATABASE_POOL_SIZE", "4");
            try (ServerProcess first = ServerProcess.start(data, pool, "--database-url", url);
                    ServerProcess second = ServerProcess.start(data, pool, "--database-url", url);
                    HttpClient browser = HttpClient.newBuilder()
                            .cookieHandler(new CookieManager())
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(Duration.ofSeconds(5))
                            .build()) {
                assertThat(first.pid()).isNotEqualTo(second.pid());
                List<ServerProcess> servers = List.of(first, second);
                for (int n = 0; n < 5; n++) {
                    assertThat(signIn(browser, servers.get(n % 2), "wrong guess " + n)
                                    .statusCode())
                            .as("guess " + n)
                            .isEqualTo(401);
                }
                for (ServerProcess either : servers) {
                    HttpResponse<String> limited = signIn(browser, either, ada.password());
                    assertThat(limited.statusCode()).isEqualTo(429);
                    assertThat(limited.body()).contains("Too many failed sign-ins. Wait 15 minutes and try again.");
                }
            }
        }
    }

    private static HttpResponse<String> signIn(HttpClient browser, ServerProcess server, String password)
            throws Exception {
        HttpResponse<String> form = browser.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(form.body());
        assertThat(csrf.find()).as(form.body()).isTrue();
        String body = "csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                + "&email=ada%40acme.test&next=&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return browser.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/sign-in"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", server.url())
                        .header("Sec-Fetch-Site", "same-origin")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
