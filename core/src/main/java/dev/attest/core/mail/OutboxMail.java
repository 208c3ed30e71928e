package dev.attest.core.mail;

import java.time.Instant;

/**
 * A message kept in the outbox of an installation without SMTP, for a super-user to read in the console or with
 * {@code attest mail}.
 *
 * @param id {@code mail_…}
 */
public record OutboxMail(String id, Mail mail, Instant createdAt) {}
