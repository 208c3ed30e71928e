package dev.attest.core.mail;

/**
 * Delivers mail: over SMTP when the installation has a server ({@code ATTEST_SMTP_URL}), into the {@link dev.attest.core.store.OutboxStore}
 * otherwise. Call it after the transaction that decided to send has committed: a message cannot be taken back.
 * Implementations are thread-safe.
 */
public interface Mailer {
    /**
     * Sends one message, blocking until the transport took it.
     *
     * @throws MailException if the transport refused it or could not be reached; nothing was sent then
     */
    void send(Mail mail);

    /** How this mailer delivers: {@code smtp} or {@code outbox}; shown to the people who sent the mail. */
    String transport();
}
