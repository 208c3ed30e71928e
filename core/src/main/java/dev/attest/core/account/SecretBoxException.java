package dev.attest.core.account;

/** A sealed secret that does not open: malformed, altered, or sealed under another key or for another purpose. */
public final class SecretBoxException extends Exception {
    private static final long serialVersionUID = 1L;

    public SecretBoxException(String message) {
        super(message);
    }
}
