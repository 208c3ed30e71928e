package dev.attest.integrity;

/**
 * A consistency proof does not verify (RFC 9162 §2.1.4.2): the newer tree is not proven to extend the older one.
 * Checked because with untrusted input this is an expected outcome; the message names the failed check with expected
 * and actual values.
 */
public final class ConsistencyProofException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConsistencyProofException(String message) {
        super(message);
    }
}
