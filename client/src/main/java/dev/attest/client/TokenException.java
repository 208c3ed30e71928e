package dev.attest.client;

/**
 * No access token could be had from the token endpoint. Its message never carries the client secret.
 *
 * @see AppTokens
 */
final class TokenException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean retryable;

    /**
     * @param status the token endpoint's HTTP status, or 0 when it could not be reached
     * @param retryable whether asking again later may succeed (unreachable, 408, 429, 5xx)
     */
    TokenException(int status, boolean retryable, String message) {
        super(message);
        this.status = status;
        this.retryable = retryable;
    }

    int status() {
        return status;
    }

    boolean retryable() {
        return retryable;
    }
}
