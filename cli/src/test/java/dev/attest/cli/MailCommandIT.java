package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.mail.Mail;
import dev.attest.core.mail.OutboxMail;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attest mail} prints the outbox of an installation without SMTP, newest first, links and all. */
class MailCommandIT {
    @TempDir
    Path data;

    @Test
    void mail_printsTheOutboxNewestFirst() {
        assertThat(CommandRun.attest("mail", "--data", data.toString()).out()).contains("The outbox is empty.");
        try (var storage = SqliteStorage.open(data, 1)) {
            storage.outbox()
                    .add(new OutboxMail(
                            "mail_1",
                            new Mail("kat@acme.test", "You are invited", "Open http://x/invitations/abc"),
                            TestClock.now()));
            storage.outbox()
                    .add(new OutboxMail(
                            "mail_2",
                            new Mail("linus@acme.test", "Reset", "Open http://x/password-reset/def"),
                            TestClock.now().plusSeconds(1)));
        }

        CommandRun run = CommandRun.attest("mail", "--data", data.toString(), "--limit", "5");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("To: linus@acme.test", "Subject: You are invited", "http://x/invitations/abc");
        assertThat(run.out().indexOf("mail_2")).isLessThan(run.out().indexOf("mail_1"));
    }
}
