package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.account.Totp;
import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.SteppingClock;
import dev.attest.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets a signed-in member is asked for again — the current password to change it, a code or recovery code to
 * turn MFA off — cannot be guessed without limit by whoever holds the session: after 5 wrong attempts in 15 minutes
 * the next is refused unread (429), the right one included, until the window has passed on the server's clock.
 */
class AccountGuessesIT {
    private static final Pattern TOTP_KEY = Pattern.compile("<code class=\"secret\">([A-Z2-7]+)</code>");
    private static final Pattern RECOVERY = Pattern.compile("<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>");

    @TempDir
    Path data;

    final SteppingClock clock = new SteppingClock();
    TestServer server;
    Accounts.Created ada;

    @BeforeEach
    void start() {
        server = new TestServer(SqliteStorage.open(data, 4), builder -> builder.clock(clock));
        var accounts = new Accounts(server.storage, TestClock.clock());
        accounts.ensureInstallation();
        ada = accounts.createMember(server.acmeId(), "ada@acme.test", "Ada Lovelace", Role.OWNER);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Map<String, String> change(String csrf, String current) {
        return Map.of(
                "csrf",
                csrf,
                "current_password",
                current,
                "password",
                "analytical engine 1843",
                "password_again",
                "analytical engine 1843");
    }

    @Test
    void currentPassword_sixthGuessIn15Minutes_isRefusedUnread_thenAllowedAgain() {
        var session = new ConsoleSession(server);
        String csrf = session.signInAs("ada@acme.test", ada.password());
        for (int n = 0; n < 5; n++) {
            TestServer.Reply wrong = session.post("/account/password", change(csrf, "guess number " + n));
            assertThat(wrong.status()).as("guess " + n).isEqualTo(403);
            assertThat(wrong.raw().body()).contains("Current password: it is not right.");
        }

        TestServer.Reply limited = session.post("/account/password", change(csrf, ada.password()));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().body()).contains("Too many wrong attempts. Wait 15 minutes and try again.");
        assertThat(server.recorded("auth.password.selfChange"))
                .as("the refused attempt changed nothing and is not an attempt at all")
                .hasSize(5);
        // The guesses did not lock Ada out of signing in: they are counted apart.
        new ConsoleSession(server).signInAs("ada@acme.test", ada.password());

        clock.advance(Duration.ofMinutes(15));
        TestServer.Reply changed = session.post("/account/password", change(csrf, ada.password()));
        assertThat(changed.status()).as(changed.raw().body()).isEqualTo(303);
    }

    @Test
    void codeToTurnMfaOff_sixthGuessIn15Minutes_isRefusedUnread_andTheRecoveryCodeIsNotSpent() {
        var session = new ConsoleSession(server);
        String csrf = session.signInAs("ada@acme.test", ada.password());
        session.post("/account/mfa/setup", Map.of("csrf", csrf));
        Matcher typed = TOTP_KEY.matcher(session.get("/account").raw().body());
        assertThat(typed.find()).isTrue();
        byte[] key = Totp.fromBase32(typed.group(1));
        String right = Totp.code(key, Totp.step(clock.instant()), Totp.DIGITS);
        TestServer.Reply confirmed = session.post("/account/mfa/confirm", Map.of("csrf", csrf, "code", right));
        Matcher codes = RECOVERY.matcher(confirmed.raw().body());
        assertThat(codes.find()).as(confirmed.raw().body()).isTrue();
        String recovery = codes.group(1);
        String wrong = String.valueOf((Integer.parseInt(right) + 1) % 1_000_000);

        for (int n = 0; n < 5; n++) {
            TestServer.Reply refused = session.post("/account/mfa/disable", Map.of("csrf", csrf, "code", wrong));
            assertThat(refused.status()).as("guess " + n).isEqualTo(400);
        }
        TestServer.Reply limited = session.post("/account/mfa/disable", Map.of("csrf", csrf, "code", recovery));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().body()).contains("Too many wrong attempts. Wait 15 minutes and try again.");
        assertThat(server.recorded("auth.mfa.disable")).isEmpty();

        clock.advance(Duration.ofMinutes(15));
        TestServer.Reply off = session.post("/account/mfa/disable", Map.of("csrf", csrf, "code", recovery));
        assertThat(off.status()).as(off.raw().body()).isEqualTo(303);
        assertThat(server.recorded("auth.mfa.disable")).hasSize(1);
    }
}
