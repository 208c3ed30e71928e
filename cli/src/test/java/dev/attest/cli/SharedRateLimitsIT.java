package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.account.SecretBox;
import dev.attest.core.account.Totp;
import dev.attest.core.event.Event;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.org.Onboarding;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import dev.attest.server.console.Accounts;
import dev.attest.storage.postgres.DatabaseUrl;
import dev.attest.storage.postgres.PostgresStorage;
import dev.attest.testing.SteppingClock;
import dev.attest.testing.TestClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits on guessing secrets — passwords at sign-in, second-factor and recovery codes, reset requests — hold for
 * an installation of several servers on one (embedded) PostgreSQL: a person who spreads their guesses over two servers
 * gets no more of them than on one. Each server here has a connection pool and a storage of its own and shares
 * nothing with the other but the database (the throttle keeps its counts there and nowhere else), the installation's
 * keys, as every process of an installation does, and the tests' clock, so that windows pass without waiting.
 */
class SharedRateLimitsIT {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern TOTP_KEY = Pattern.compile("<code class=\"secret\">([A-Z2-7]+)</code>");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>");
    private static EmbeddedPostgres postgres;

    @TempDir
    Path data;

    final SteppingClock clock = new SteppingClock();
    final List<PostgresStorage> storages = new ArrayList<>();
    final List<AttestServer> servers = new ArrayList<>();
    OrganizationId org;
    Accounts.Created ada;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void startTwoServers() throws Exception {
        String name = "attest_limits_" + DATABASES.incrementAndGet();
        try (var connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        String url = postgres.getJdbcUrl("postgres", name);
        var secrets = new SecretBox(SecretBox.newKey(new SecureRandom()));
        var signer = CheckpointKey.loadOrCreate(data.resolve(CheckpointKey.FILE_NAME), "attest.local");
        for (int i = 0; i < 2; i++) {
            PostgresStorage storage = PostgresStorage.open(PostgresStorage.Settings.of(DatabaseUrl.parse(url))
                    .poolSize(4)
                    .clock(clock));
            storages.add(storage);
            servers.add(AttestServer.builder()
                    .storage(storage)
                    .signer(signer)
                    .secrets(secrets)
                    .port(0)
                    .clock(clock)
                    .build()
                    .start());
        }
        var accounts = new Accounts(storages.getFirst(), TestClock.clock());
        accounts.ensureInstallation();
        org = new Onboarding(storages.getFirst().organizations(), TestClock.clock())
                .create("Acme Inc.")
                .organization()
                .id();
        ada = accounts.createMember(org, "ada@acme.test", "Ada Lovelace", Role.OWNER);
    }

    @AfterEach
    void stopServers() {
        servers.forEach(AttestServer::stop);
        storages.forEach(PostgresStorage::close);
    }

    /** The server that takes the {@code n}-th attempt: they alternate, as behind a round-robin balancer. */
    private AttestServer server(int n) {
        return servers.get(n % 2);
    }

    @Test
    void passwordGuesses_spreadOverTwoServers_areCountedTogether() {
        var browser = new Browser();
        for (int n = 0; n < 5; n++) {
            assertThat(browser.signIn(server(n), "ada@acme.test", "wrong guess number " + n)
                            .statusCode())
                    .as("guess " + n)
                    .isEqualTo(401);
        }

        // The sixth attempt, on either server and even with the right password, waits for the window to pass.
        for (int n = 5; n < 7; n++) {
            HttpResponse<String> limited = browser.signIn(server(n), "ada@acme.test", ada.password());
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body()).contains("Too many failed sign-ins. Wait 15 minutes and try again.");
        }
        assertThat(failures("rate_limited")).hasSize(2);
        assertThat(failures("invalid_password")).hasSize(5);

        clock.advance(Duration.ofMinutes(15));
        assertThat(browser.signIn(server(1), "ada@acme.test", ada.password()).statusCode())
                .isEqualTo(303);
    }

    @Test
    void totpAndRecoveryCodes_spreadOverTwoServers_areCountedTogether() {
        // Ada turns on MFA through the first server and keeps her recovery codes.
        var setup = new Browser();
        assertThat(setup.signIn(server(0), "ada@acme.test", ada.password()).statusCode())
                .isEqualTo(303);
        String csrf = csrf(setup.get(server(0), "/account").body());
        setup.post(server(0), "/account/mfa/setup", Map.of("csrf", csrf));
        Matcher typed = TOTP_KEY.matcher(setup.get(server(0), "/account").body());
        assertThat(typed.find()).isTrue();
        byte[] key = Totp.fromBase32(typed.group(1));
        HttpResponse<String> confirmed =
                setup.post(server(0), "/account/mfa/confirm", Map.of("csrf", csrf, "code", code(key, 0)));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        Matcher codes = RECOVERY.matcher(confirmed.body());
        assertThat(codes.find()).isTrue();
        String recovery = codes.group(1);
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));

        // Someone with her password guesses the second step on both servers in turn.
        var guesser = new Browser();
        assertThat(guesser.signIn(server(0), "ada@acme.test", ada.password()).statusCode())
                .isEqualTo(303);
        for (int n = 0; n < 5; n++) {
            HttpResponse<String> wrong = guesser.secondStep(server(n), code(key, 1));
            assertThat(wrong.statusCode()).as("guess " + n).isEqualTo(401);
        }
        // The next one is refused unread, a right recovery code or a right TOTP code alike, on either server.
        HttpResponse<String> limited = guesser.secondStep(server(5), recovery);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("Too many failed attempts. Wait 15 minutes and try again.");
        assertThat(guesser.secondStep(server(6), code(key, 0)).statusCode()).isEqualTo(429);
        assertThat(failures("mfa_invalid")).hasSize(5);
        assertThat(failures("rate_limited")).hasSize(2);

        // Once the window has passed, the refused recovery code was not spent: it signs Ada in.
        clock.advance(Duration.ofMinutes(15));
        var later = new Browser();
        assertThat(later.signIn(server(1), "ada@acme.test", ada.password()).statusCode())
                .isEqualTo(303);
        HttpResponse<String> in = later.secondStep(server(0), recovery);
        assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
    }

    @Test
    void resetRequests_spreadOverTwoServers_sendFiveLinksAtMost_andAnswerTheSame() {
        var browser = new Browser();
        List<String> answers = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            AttestServer to = server(n);
            String form = browser.get(to, "/password-reset").body();
            HttpResponse<String> asked =
                    browser.post(to, "/password-reset", Map.of("csrf", csrf(form), "email", "ada@acme.test"));
            assertThat(asked.statusCode()).isEqualTo(200);
            answers.add(asked.body().replaceAll("name=\"csrf\" value=\"[^\"]+\"", ""));
        }
        assertThat(answers).as("over the limit the answer tells nothing").containsOnly(answers.getFirst());
        assertThat(storages.getFirst().outbox().latest(20))
                .as("the links mailed")
                .hasSize(5);
        assertThat(recorded("auth.password.resetRequest")).hasSize(5);
    }

    /** Six digits that are not the code of the {@code stepsAgo}-th step before the clock's. */
    private String code(byte[] key, int stepsAgo) {
        String right = Totp.code(key, Totp.step(clock.instant()) - stepsAgo, Totp.DIGITS);
        return stepsAgo == 0 ? right : String.format(Locale.ROOT, "%06d", (Integer.parseInt(right) + 1) % 1_000_000);
    }

    private List<Event> recorded(String action) {
        var found = new ArrayList<Event>();
        storages.getLast().events().scan(org, 0, Long.MAX_VALUE, event -> {
            if (event.action().equals(action)) {
                found.add(event);
            }
        });
        return found;
    }

    private List<Event> failures(String reason) {
        return recorded("auth.login.failure").stream()
                .filter(event -> reason.equals(event.payload().get("reason")))
                .toList();
    }

    private static String csrf(String html) {
        Matcher token = CSRF.matcher(html);
        assertThat(token.find()).as("a CSRF token in " + html).isTrue();
        return token.group(1);
    }

    /**
     * One person's browser: cookies kept (a cookie is the host's, whichever port, so both servers see the same ones, as
     * behind one address), redirects not followed, forms posted as from the console's own page.
     */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> signIn(AttestServer server, String email, String password) {
            String form = get(server, "/sign-in").body();
            return post(
                    server, "/sign-in", Map.of("csrf", csrf(form), "email", email, "password", password, "next", ""));
        }

        HttpResponse<String> secondStep(AttestServer server, String code) {
            String form = get(server, "/sign-in/mfa").body();
            return post(server, "/sign-in/mfa", Map.of("csrf", csrf(form), "code", code, "next", ""));
        }

        HttpResponse<String> get(AttestServer server, String path) {
            return send(HttpRequest.newBuilder(uri(server, path)).GET().build());
        }

        HttpResponse<String> post(AttestServer server, String path, Map<String, String> form) {
            String body = new LinkedHashMap<>(form)
                    .entrySet().stream()
                            .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(uri(server, path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", origin(server))
                    .header("Sec-Fetch-Site", "same-origin")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
        }

        private static String origin(AttestServer server) {
            return "http://127.0.0.1:" + server.port();
        }

        private static URI uri(AttestServer server, String path) {
            return URI.create(origin(server) + path);
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
