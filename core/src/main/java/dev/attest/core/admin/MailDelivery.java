package dev.attest.core.admin;

import dev.attest.core.mail.Mail;
import dev.attest.core.mail.MailException;
import dev.attest.core.mail.Mailer;

/**
 * Sends the mail of an administrative action once its transaction committed, and says how it went, so that the
 * action's answer can tell whether the person will get the link. A failed send never undoes the committed change: the
 * invitation can be resent, a reset asked for again. Thread-safe.
 */
final class MailDelivery {
    private static final System.Logger LOG = System.getLogger(MailDelivery.class.getName());

    private final Mailer mailer;

    MailDelivery(Mailer mailer) {
        this.mailer = mailer;
    }

    /** How one message went: {@code smtp} or {@code outbox} when it was handed over, {@code failed} otherwise. */
    String send(Mail mail, String what) {
        try {
            mailer.send(mail);
            return mailer.transport();
        } catch (MailException e) {
            // The subject and recipient only: the text holds a single-use link.
            LOG.log(System.Logger.Level.WARNING, "could not send " + what + " mail: " + e.getMessage());
            return "failed";
        }
    }
}
