package dev.attest.server.mail;

import dev.attest.core.event.IdGenerator;
import dev.attest.core.mail.Mail;
import dev.attest.core.mail.Mailer;
import dev.attest.core.mail.OutboxMail;
import dev.attest.core.store.OutboxStore;
import java.time.Clock;

/**
 * Keeps mail in the outbox table when the installation has no SMTP server, so that a one-command install still
 * works end to end: a super-user reads the message in the console ({@code /installation/mail}) or with
 * {@code attest mail} and passes the link on. Thread-safe.
 */
public final class OutboxMailer implements Mailer {
    private final OutboxStore outbox;
    private final Clock clock;
    private final IdGenerator ids;

    public OutboxMailer(OutboxStore outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
        this.ids = new IdGenerator(clock);
    }

    @Override
    public void send(Mail mail) {
        outbox.add(new OutboxMail("mail_" + ids.ulid(), mail, clock.instant()));
    }

    @Override
    public String transport() {
        return "outbox";
    }
}
