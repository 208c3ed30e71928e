package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** After signing in, the console goes where {@code next} says only when that is one of its own pages. */
class ConsoleRedirectIT {
    @TempDir
    static Path data;

    static TestServer server;
    static Accounts.Created ada;
    static String landing;
    /** One signed-in browser for the cases that only read where a signed-in person is sent. */
    static ConsoleSession signedIn;

    @BeforeAll
    static void start() {
        server = new TestServer(SqliteStorage.open(data, 2), b -> b);
        ada = new Accounts(server.storage, Clock.systemUTC())
                .createMember(server.acmeId(), "ada@acme.test", "Ada Lovelace", Role.OWNER);
        landing = "/orgs/" + server.acmeId().value() + "/log";
        signedIn = new ConsoleSession(server);
        signedIn.signInAs("ada@acme.test", ada.password());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Values of {@code next} with a control character once decoded: refused with 400 before anything happens (CR and LF
     * would end the {@code Location} header), never followed.
     */
    static Stream<String> withControlCharacters() {
        return Stream.of(
                "/\t/evil.example",
                "/\r/evil.example",
                "/\n/evil.example",
                "/\r\n/evil.example",
                "\t//evil.example",
                "/orgs\u0000/x",
                "/orgs?next=%0d%0aSet-Cookie:x=1\r\nSet-Cookie: pwned=1");
    }

    /** Printable values of {@code next} that a browser would resolve to another origin, or that are no console path. */
    static Stream<String> hostile() {
        return Stream.of(
                "/%09/evil.example",
                "/%0d%0a/evil.example",
                "//evil.example",
                "///evil.example",
                "//evil.example/orgs",
                "/\\evil.example",
                "/\\/evil.example",
                "\\/evil.example",
                "\\\\evil.example",
                "/%5Cevil.example",
                "/%5C/evil.example",
                "/%2F/evil.example",
                "/%2f%2fevil.example",
                "/.//evil.example",
                "/./evil.example",
                "/../evil.example",
                "/%2e%2e/evil.example",
                "https://evil.example/",
                "http:evil.example",
                "HTTPS://evil.example",
                "javascript:alert(1)",
                "data:text/html,<script>alert(1)</script>",
                "evil.example",
                " /orgs",
                "/ /evil.example",
                "/\u00A0/evil.example",
                "/\u3000/evil.example",
                "/\u2028/evil.example",
                "/%E2%80%A8/evil.example",
                "/\u202E/evil.example",
                "/orgs%00",
                "/" + "a".repeat(3000));
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void signedIn_hostileNext_landsOnTheConsole(String next) {
        TestServer.Reply reply = signedIn.get("/sign-in?next=" + encoded(next));

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).isEqualTo(landing);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void signInForm_hostileNext_landsOnTheConsoleAndIsNotEchoed(String next) {
        var browser = new ConsoleSession(server);

        TestServer.Reply page = browser.get("/sign-in?next=" + encoded(next));
        TestServer.Reply signedIn = browser.signIn("ada@acme.test", ada.password(), next);

        assertThat(page.raw().body()).contains("name=\"next\" value=\"\"");
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo(landing);
    }

    @ParameterizedTest
    @MethodSource("withControlCharacters")
    void signedIn_nextWithControlCharacter_isRefusedAndNotFollowed(String next) {
        TestServer.Reply reply = signedIn.get("/sign-in?next=" + encoded(next));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Location")).isEmpty();
        assertThat(reply.raw().body()).contains("next must not contain control characters");
    }

    @ParameterizedTest
    @MethodSource("withControlCharacters")
    void signInForm_nextWithControlCharacter_isRefusedAndNotFollowed(String next) {
        var browser = new ConsoleSession(server);
        browser.get("/sign-in");

        TestServer.Reply reply = browser.signIn("ada@acme.test", ada.password(), next);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Location")).isEmpty();
    }

    /** The issue's link exactly as an attacker would send it, its tab percent-encoded once: never followed. */
    @Test
    void signedIn_issueLink_isNotFollowed() {
        TestServer.Reply reply = signedIn.get("/sign-in?next=/%09/evil.example");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Location")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orgs", "/orgs/org_1/log?range=7d&q=a%20b", "/orgs/org_1/events/evt-1?outcome=failure"})
    void signInForm_consolePath_goesThere(String next) {
        var browser = new ConsoleSession(server);

        TestServer.Reply signedIn = browser.signIn("ada@acme.test", ada.password(), next);

        assertThat(signedIn.header("Location")).isEqualTo(next);
        assertThat(browser.get("/sign-in?next=" + encoded(next)).header("Location"))
                .isEqualTo(next);
    }
}
