package dev.attest.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Where {@code attest verify} reads a log from: a running server, or an export on disk. Trusts nothing it reads. */
interface LogSource {
    /** The latest signed checkpoint note, unverified. */
    String checkpointNote() throws IOException;

    /** Feeds the event documents with {@code seq} 1..{@code size}, in the order the source gives them. */
    void events(long size, EventSink sink) throws IOException, VerificationFailure;

    /**
     * A consistency proof from {@code from} to {@code to} (RFC 9162 §2.1.4), or empty when the source has none and
     * the verifier must compute the earlier root from the events themselves.
     */
    Optional<List<byte[]>> consistencyProof(long from, long to) throws IOException;

    /** What receives the documents. */
    interface EventSink {
        void accept(Map<String, @Nullable Object> document) throws VerificationFailure;
    }

    /** The log does not verify. */
    final class VerificationFailure extends Exception {
        private static final long serialVersionUID = 1L;

        VerificationFailure(String message) {
            super(message);
        }
    }
}
