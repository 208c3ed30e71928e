package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.mail.OutboxMail;
import dev.attest.server.console.Accounts;
import dev.attest.server.mail.SmtpUrl;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installation's mail settings ({@code /installation/mail}), a super-user's page: "Send test email" hands a message
 * to the SMTP server when {@code ATTEST_SMTP_URL} is set (received here by GreenMail), and otherwise keeps it in the
 * outbox, which the same page shows, as it shows the invitations waiting there. A wrong address is refused naming the
 * field; a form from elsewhere sends nothing.
 */
class InstallationMailIT {
    private static final String PAGE = "/installation/mail";

    @TempDir
    Path data;

    // Each test starts the server it needs: with an SMTP server, or with the outbox.
    @SuppressWarnings("NullAway.Init")
    TestServer server;

    @Nullable
    Mailbox mailbox;

    @AfterEach
    void stop() {
        server.close();
        if (mailbox != null) {
            mailbox.close();
        }
    }

    /** A super-user signed in to the console. */
    private ConsoleSession superUser() {
        var accounts = new Accounts(server.storage, TestClock.clock());
        var root = Objects.requireNonNull(accounts.ensureSuperUser("root@attest.test", null));
        var browser = new ConsoleSession(server);
        browser.signInAs("root@attest.test", root.password());
        return browser;
    }

    private static TestServer.Reply sendTest(ConsoleSession browser, String to) {
        String csrf = ConsoleSession.csrfOf(browser.get(PAGE).raw().body());
        return browser.post(PAGE, Map.of("csrf", csrf, "to", to));
    }

    @Test
    void sendTestEmail_withSmtp_theMessageArrives() throws Exception {
        Mailbox smtp = new Mailbox("mailer", "s3cret");
        mailbox = smtp;
        server = new TestServer(
                SqliteStorage.open(data, 4), builder -> builder.smtp(SmtpUrl.parse(smtp.url("mailer", "s3cret"))));
        ConsoleSession root = superUser();
        assertThat(root.get(PAGE).raw().body()).contains("Mail leaves through SMTP");

        TestServer.Reply sent = sendTest(root, "ops@acme.test");

        assertThat(sent.status()).as(sent.raw().body()).isEqualTo(303);
        assertThat(root.get(sent.header("Location")).raw().body()).contains("Test message handed to the SMTP server.");
        MimeMessage message = smtp.await(1).getFirst();
        assertThat(Mailbox.to(message)).isEqualTo("ops@acme.test");
        assertThat(message.getSubject()).isEqualTo("Attest test message");
        assertThat(Mailbox.body(message)).contains("sent by root@attest.test");
        assertThat(server.storage.outbox().latest(10)).isEmpty();
    }

    @Test
    void sendTestEmail_withoutSmtp_isKeptInTheOutboxThePageShows() {
        server = new TestServer(data);
        ConsoleSession root = superUser();

        TestServer.Reply sent = sendTest(root, "ops@acme.test");

        assertThat(sent.status()).as(sent.raw().body()).isEqualTo(303);
        String page = root.get(sent.header("Location")).raw().body();
        assertThat(page).contains("Test message added to the outbox below.");
        OutboxMail mail = Mailbox.newestInOutbox(server.storage);
        assertThat(mail.mail().to()).isEqualTo("ops@acme.test");
        assertThat(page).contains("id=\"" + mail.id() + "\"").contains("Attest test message");
    }

    @Test
    void sendTestEmail_badAddressOrForeignForm_400Or403AndNothingSent() {
        server = new TestServer(data);
        ConsoleSession root = superUser();

        TestServer.Reply bad = sendTest(root, "not-an-address");
        TestServer.Reply forged = root.post(PAGE, Map.of("csrf", "forged", "to", "ops@acme.test"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.raw().body()).contains("role=\"alert\">To ");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(server.storage.outbox().latest(10)).isEmpty();
    }
}
