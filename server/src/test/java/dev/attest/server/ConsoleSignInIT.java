package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in attempts are counted per client, and recorded with the client's address, also behind a reverse proxy. */
class ConsoleSignInIT {
    @TempDir
    Path data;

    /** Behind a reverse proxy at 127.0.0.1, where the tests' connections come from. */
    TestServer server;

    @BeforeEach
    void start() {
        server = start(data, TrustedProxies.parse("127.0.0.1/32"));
    }

    private static TestServer start(Path directory, TrustedProxies proxies) {
        var started = new TestServer(SqliteStorage.open(directory, 2), b -> b.trustedProxies(proxies));
        new Accounts(started.storage, Clock.systemUTC()).ensureInstallation();
        return started;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Reply failedSignIn(String email, String forwardedFor) {
        return failedSignIn(server, email, forwardedFor);
    }

    /** A failed sign-in (unknown email) as sent by the browser of {@code forwardedFor}, through a proxy at 127.0.0.1. */
    private static TestServer.Reply failedSignIn(TestServer server, String email, String forwardedFor) {
        var browser = new ConsoleSession(server);
        String token = ConsoleSession.csrfOf(browser.get("/sign-in").raw().body());
        return browser.post(
                "/sign-in",
                Map.of("csrf", token, "email", email, "password", "not the password", "next", ""),
                "Sec-Fetch-Site",
                "same-origin",
                "X-Forwarded-For",
                forwardedFor);
    }

    private List<Event> failures() {
        return failures(server);
    }

    private static List<Event> failures(TestServer server) {
        return server.recorded(Accounts.INSTALLATION, "auth.login.failure");
    }

    @Test
    void behindATrustedProxy_recordsTheForwardedClientAddress() {
        assertThat(failedSignIn("nobody@acme.test", "6.6.6.6, 198.51.100.7").status())
                .isEqualTo(401);

        assertThat(failures())
                .singleElement()
                .satisfies(event -> assertThat(event.context().ip()).isEqualTo("198.51.100.7"));
    }

    @Test
    void withoutTrustedProxies_forwardedHeadersAreIgnored() {
        try (TestServer direct = start(data.resolve("direct"), TrustedProxies.none())) {
            failedSignIn(direct, "nobody@acme.test", "198.51.100.7");

            assertThat(failures(direct))
                    .singleElement()
                    .satisfies(event -> assertThat(event.context().ip()).isEqualTo("127.0.0.1"));
        }
    }

    @Test
    void behindATrustedProxy_oneClientsFailuresDoNotLockOutAnother() {
        for (int i = 0; i < 20; i++) {
            assertThat(failedSignIn("guess" + i + "@acme.test", "198.51.100.7").status())
                    .isEqualTo(401);
        }

        assertThat(failedSignIn("guess20@acme.test", "198.51.100.7").status()).isEqualTo(429);
        assertThat(failedSignIn("colleague@acme.test", "198.51.100.8").status()).isEqualTo(401);
        // Newest first: the colleague's attempt, under their own address.
        assertThat(failures().getFirst().context().ip()).isEqualTo("198.51.100.8");
    }

    /** The race: 60 parallel tries from one address let 21 through a limit of 20. */
    @Test
    void parallelAttempts_fromOneAddress_neverExceedTheLimit() throws Exception {
        int attempts = 60;
        var browsers = new ArrayList<ConsoleSession>();
        var tokens = new ArrayList<String>();
        for (int i = 0; i < attempts; i++) {
            var browser = new ConsoleSession(server);
            tokens.add(ConsoleSession.csrfOf(browser.get("/sign-in").raw().body()));
            browsers.add(browser);
        }
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        var go = new CountDownLatch(1);
        var statuses = new ArrayList<Future<Integer>>();
        for (int i = 0; i < attempts; i++) {
            int attempt = i;
            statuses.add(pool.submit(() -> {
                go.await();
                return browsers.get(attempt)
                        .post(
                                "/sign-in",
                                Map.of(
                                        "csrf",
                                        tokens.get(attempt),
                                        "email",
                                        "guess" + attempt + "@acme.test",
                                        "password",
                                        "not the password",
                                        "next",
                                        ""))
                        .status();
            }));
        }
        go.countDown();
        var answered = new ArrayList<Integer>();
        for (Future<Integer> status : statuses) {
            answered.add(status.get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();

        assertThat(answered.stream().filter(s -> s == 401).count()).isEqualTo(20);
        assertThat(answered.stream().filter(s -> s == 429).count()).isEqualTo(40);
    }
}
