package dev.attest.core.mail;

/** A message could not be handed to its transport; the message says why, never what the mail held. */
public final class MailException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MailException(String message, Throwable cause) {
        super(message, cause);
    }
}
