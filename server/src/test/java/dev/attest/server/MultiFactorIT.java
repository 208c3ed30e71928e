package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.attest.core.account.Totp;
import dev.attest.core.event.Event;
import dev.attest.core.event.Outcome;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.SteppingClock;
import dev.attest.testing.TestClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-step sign-in end to end over HTTP: a member sets up an authenticator from the QR code the account page shows,
 * signs in with its codes and recovery codes, and turns it off; an admin turns off another member's; an organization
 * that requires MFA lets a member without it do nothing else. Every step is checked in the organization's log.
 */
class MultiFactorIT {
    private static final Pattern SECRET = Pattern.compile("<code class=\"secret\">([A-Z2-7]+)</code>");
    private static final Pattern CODES = Pattern.compile("<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>");
    private static final Pattern QR_PATH = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");

    @TempDir
    Path data;

    final SteppingClock clock = new SteppingClock();
    TestServer server;
    Accounts.Created ada;
    Accounts.Created grace;

    @BeforeEach
    void start() {
        server = new TestServer(SqliteStorage.open(data, 4), b -> b.clock(clock));
        var accounts = new Accounts(server.storage, TestClock.clock());
        ada = accounts.createMember(server.acmeId(), "ada@acme.test", "Ada", Role.AUDITOR);
        grace = accounts.createMember(server.acmeId(), "grace@acme.test", "Grace", Role.ADMIN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Ada turns MFA on through her account page; returns her key (read from the QR code) and recovery codes. */
    private Enrolled enroll(ConsoleSession browser, String csrf) throws Exception {
        TestServer.Reply setup = browser.post("/account/mfa/setup", Map.of("csrf", csrf));
        assertThat(setup.status()).as(setup.raw().body()).isEqualTo(303);
        String page = browser.get("/account").raw().body();
        Matcher typed = SECRET.matcher(page);
        assertThat(typed.find()).as(page).isTrue();
        String uri = decodeQr(page);
        assertThat(uri)
                .startsWith("otpauth://totp/Attest%20attest.local:ada%40acme.test?secret=" + typed.group(1))
                .contains("&issuer=Attest%20attest.local&algorithm=SHA1&digits=6&period=30");
        byte[] key = Totp.fromBase32(typed.group(1));

        TestServer.Reply wrong = browser.post("/account/mfa/confirm", Map.of("csrf", csrf, "code", "000000"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.raw().body()).contains("Code: that is not the code");
        assertThat(server.recorded("auth.mfa.enable")).isEmpty();

        TestServer.Reply confirmed = browser.post("/account/mfa/confirm", Map.of("csrf", csrf, "code", code(key)));
        assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
        var codes = new ArrayList<String>();
        Matcher listed = CODES.matcher(confirmed.raw().body());
        while (listed.find()) {
            codes.add(listed.group(1));
        }
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(browser.get("/account").raw().body())
                .as("recovery codes are shown once")
                .doesNotContain(codes.getFirst())
                .contains("MFA is <strong>on</strong>")
                .contains("10 of 10 recovery codes unused");
        return new Enrolled(typed.group(1), codes);
    }

    record Enrolled(String secret, List<String> recoveryCodes) {
        byte[] key() {
            return Totp.fromBase32(secret);
        }
    }

    @Test
    void enroll_signInWithCodes_recoveryCodes_disable_allRecorded() throws Exception {
        var browser = new ConsoleSession(server);
        String csrf = browser.signInAs(ada.member().email(), ada.password());
        Enrolled enrolled = enroll(browser, csrf);

        Event enabled = server.recorded("auth.mfa.enable").getFirst();
        assertThat(enabled.actor().id()).isEqualTo(ada.member().id());
        assertThat(enabled.target())
                .extracting(t -> t == null ? null : t.id())
                .isEqualTo(ada.member().id());
        assertThat(enabled.payload()).containsEntry("method", "totp");
        assertThat(enabled.context().ip()).isEqualTo("127.0.0.1");
        assertThat(server.storage.mfa().find(ada.member().id()).orElseThrow().sealedKey())
                .as("the key is sealed at rest")
                .startsWith("v1.")
                .doesNotContain(enrolled.secret());

        // The password alone no longer opens a session.
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        var second = new ConsoleSession(server);
        TestServer.Reply password = second.signIn(ada.member().email(), ada.password(), "/account");
        assertThat(password.status()).isEqualTo(303);
        assertThat(password.header("Location")).isEqualTo("/sign-in/mfa?next=%2Faccount");
        assertThat(second.get("/account").status()).as("no session yet").isEqualTo(303);

        TestServer.Reply wrong = postCode(second, "123456");
        assertThat(wrong.status()).isEqualTo(401);
        Event failure = server.recorded("auth.login.failure").getFirst();
        assertThat(failure.payload()).containsEntry("reason", "mfa_invalid");
        assertThat(failure.outcome()).isEqualTo(Outcome.FAILURE);

        String current = code(enrolled.key());
        TestServer.Reply right = postCode(second, password.header("Location"), current);
        assertThat(right.status()).as(right.raw().body()).isEqualTo(303);
        assertThat(right.header("Location")).isEqualTo("/account");
        assertThat(second.get("/account").status()).isEqualTo(200);
        assertThat(server.recorded("auth.login.success").getFirst().payload())
                .containsEntry("method", "password")
                .containsEntry("mfa", "totp");

        // The same code, replayed by a third browser within its window, is refused.
        var replay = new ConsoleSession(server);
        replay.signIn(ada.member().email(), ada.password(), "");
        assertThat(postCode(replay, current).status()).isEqualTo(401);

        // A recovery code works once.
        String recovery = enrolled.recoveryCodes().get(3).toUpperCase(java.util.Locale.ROOT);
        assertThat(postCode(replay, recovery).status()).isEqualTo(303);
        assertThat(server.recorded("auth.login.success").getFirst().payload()).containsEntry("mfa", "recovery_code");
        var again = new ConsoleSession(server);
        again.signIn(ada.member().email(), ada.password(), "");
        assertThat(postCode(again, recovery).status()).isEqualTo(401);

        // Turning it off needs a code too.
        TestServer.Reply refused = browser.post("/account/mfa/disable", Map.of("csrf", csrf, "code", "999999"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(server.recorded("auth.mfa.disable")).isEmpty();
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        TestServer.Reply off = browser.post("/account/mfa/disable", Map.of("csrf", csrf, "code", code(enrolled.key())));
        assertThat(off.status()).as(off.raw().body()).isEqualTo(303);
        Event disabled = server.recorded("auth.mfa.disable").getFirst();
        assertThat(disabled.actor().id()).isEqualTo(ada.member().id());
        assertThat(disabled.payload()).containsEntry("method", "totp").containsEntry("by", "self");
        assertThat(server.storage.mfa().find(ada.member().id())).isEmpty();
        assertThat(new ConsoleSession(server)
                        .signIn(ada.member().email(), ada.password(), "")
                        .header("Location"))
                .isEqualTo("/orgs/" + server.acmeId().value() + "/log");
    }

    @Test
    void secondStep_forgedOrMissingCookie_backToSignIn() {
        var browser = new ConsoleSession(server);
        assertThat(browser.get("/sign-in/mfa").header("Location")).isEqualTo("/sign-in");
        TestServer.Reply forged =
                browser.get("/sign-in/mfa", "Cookie", "attest_mfa=v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(forged.header("Location")).isEqualTo("/sign-in");
    }

    @Test
    void adminTurnsOffMembersMfa_throughTheApi_recordedWithTheActor() throws Exception {
        var browser = new ConsoleSession(server);
        enroll(browser, browser.signInAs(ada.member().email(), ada.password()));
        String path = "/v1/organizations/" + server.acmeId().value() + "/members/"
                + ada.member().id() + "/mfa";

        // A member may not turn off another's MFA: refused and recorded.
        var graceBrowser = new ConsoleSession(server);
        graceBrowser.signInAs(grace.member().email(), grace.password());
        var members = new Accounts(server.storage, TestClock.clock());
        Accounts.Created linus = members.createMember(server.acmeId(), "linus@acme.test", "Linus", Role.MEMBER);
        var linusBrowser = new ConsoleSession(server);
        linusBrowser.signIn(linus.member().email(), linus.password(), "");
        String linusCsrf =
                ConsoleSession.csrfOf(linusBrowser.get("/account").raw().body());
        TestServer.Reply forbidden = linusBrowser.send(HttpRequest.newBuilder(server.uri(path))
                .header("Origin", linusBrowser.origin())
                .header("X-CSRF-Token", linusCsrf)
                .DELETE()
                .build());
        assertThat(forbidden.status()).as(forbidden.raw().body()).isEqualTo(403);
        assertThat(server.recorded("auth.mfa.disable").getFirst().outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(server.storage.mfa().find(ada.member().id())).isPresent();

        TestServer.Reply done = server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Bearer " + server.acmeKey())
                .DELETE()
                .build());
        assertThat(done.status()).as(done.raw().body()).isEqualTo(200);
        assertThat(done.json().get("mfa_disabled").asBoolean()).isTrue();
        Event disabled = server.recorded("auth.mfa.disable").getFirst();
        assertThat(disabled.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(disabled.actor().type().wire()).isEqualTo("api_key");
        assertThat(disabled.payload()).containsEntry("by", "admin").containsEntry("email", "ada@acme.test");

        TestServer.Reply list =
                server.get("/v1/organizations/" + server.acmeId().value() + "/members", server.acmeKey());
        assertThat(list.json()
                        .get("data")
                        .valueStream()
                        .filter(m -> m.get("mfa_enabled").asBoolean()))
                .isEmpty();
    }

    @Test
    void requiredByTheOrganization_memberWithoutMfa_isHeldAtTheAccountPageUntilEnrolled() throws Exception {
        server.send(HttpRequest.newBuilder(
                        server.uri("/v1/organizations/" + server.acmeId().value()))
                .header("Authorization", "Bearer " + server.acmeKey())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"require_mfa\": true}"))
                .build());
        var browser = new ConsoleSession(server);
        TestServer.Reply signedIn = browser.signIn(grace.member().email(), grace.password(), "/orgs/x/members");
        assertThat(signedIn.header("Location")).isEqualTo("/account");
        String page = browser.get("/account").raw().body();
        assertThat(page).contains("Your organization requires two-step sign-in");
        String csrf = ConsoleSession.csrfOf(page);

        String log = "/orgs/" + server.acmeId().value() + "/log";
        assertThat(browser.get(log).header("Location")).isEqualTo("/account");
        TestServer.Reply api =
                browser.get("/v1/organizations/" + server.acmeId().value() + "/members");
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.raw().body()).contains("urn:attest:problem:mfa-required");

        enrollAs(browser, csrf);
        assertThat(browser.get(log).status()).isEqualTo(200);
        assertThat(browser.get("/v1/organizations/" + server.acmeId().value() + "/members")
                        .status())
                .isEqualTo(200);
    }

    private void enrollAs(ConsoleSession browser, String csrf) throws Exception {
        browser.post("/account/mfa/setup", Map.of("csrf", csrf));
        Matcher typed = SECRET.matcher(browser.get("/account").raw().body());
        assertThat(typed.find()).isTrue();
        TestServer.Reply confirmed = browser.post(
                "/account/mfa/confirm", Map.of("csrf", csrf, "code", code(Totp.fromBase32(typed.group(1)))));
        assertThat(confirmed.status()).isEqualTo(200);
    }

    private static TestServer.Reply postCode(ConsoleSession browser, String code) {
        return postCode(browser, "/sign-in/mfa", code);
    }

    /** Types a code on the second step's page at {@code path}, where the password's answer sent the browser. */
    private static TestServer.Reply postCode(ConsoleSession browser, String path, String code) {
        String page = browser.get(path).raw().body();
        return browser.post(
                "/sign-in/mfa", Map.of("csrf", ConsoleSession.csrfOf(page), "code", code, "next", nextOf(page)));
    }

    private static String nextOf(String page) {
        Matcher next = Pattern.compile("name=\"next\" value=\"([^\"]*)\"").matcher(page);
        return next.find() ? next.group(1) : "";
    }

    private String code(byte[] key) {
        return Totp.code(key, Totp.step(clock.instant()), 6);
    }

    /** Reads the page's QR code as a phone would: the SVG's squares drawn as pixels, decoded by ZXing. */
    private static String decodeQr(String page) throws Exception {
        Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) \\d+\"").matcher(page);
        assertThat(box.find()).isTrue();
        int modules = Integer.parseInt(box.group(1));
        int scale = 4;
        int size = modules * scale;
        int[] pixels = new int[size * size];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        Matcher square = QR_PATH.matcher(page);
        while (square.find()) {
            int x = Integer.parseInt(square.group(1));
            int y = Integer.parseInt(square.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * size + x * scale + dx] = 0;
                }
            }
        }
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels)));
        return new QRCodeReader().decode(bitmap).getText();
    }
}
