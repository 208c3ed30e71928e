package dev.attest.integrity;

/**
 * An inclusion proof does not verify (RFC 9162 §2.1.3.2): the leaf is not proven to be in the tree. Checked because
 * with untrusted input this is an expected outcome; the message names the failed check with expected and actual values.
 */
public final class InclusionProofException extends Exception {
    private static final long serialVersionUID = 1L;

    public InclusionProofException(String message) {
        super(message);
    }
}
