/**
 * Mail that Attest sends to people (invitations, password resets, a test message): what one message is, the port that
 * delivers it, and the outbox that holds it when no SMTP server is configured. No SMTP or HTML here; the server module
 * holds the transports.
 */
@NullMarked
package dev.attest.core.mail;

import org.jspecify.annotations.NullMarked;
