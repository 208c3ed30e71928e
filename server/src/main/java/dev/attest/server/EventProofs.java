package dev.attest.server;

import dev.attest.core.event.Event;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.LeafHashes;
import dev.attest.core.log.LogProofs;
import dev.attest.core.store.Storage;
import dev.attest.core.store.StoredCheckpoint;
import dev.attest.integrity.Checkpoint;
import dev.attest.integrity.InclusionProofVerifier;
import dev.attest.integrity.NoteVerifier;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * What a reader is told of one event's integrity (the console's drawer, the embedded viewer): whether its content
 * hashes to its leaf hash, and whether that hash is proven included in the latest signed checkpoint, checked here and
 * now. Thread-safe.
 */
public final class EventProofs {
    private static final DateTimeFormatter TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Storage storage;
    private final NoteVerifier verifier;

    public EventProofs(Storage storage, NoteVerifier verifier) {
        this.storage = storage;
        this.verifier = verifier;
    }

    /**
     * The integrity of one event.
     *
     * @param content what its content hashes to, in words
     * @param contentIntact whether its content hashes to its stored leaf hash
     * @param text the proof's outcome, in words
     * @param verified whether it is proven included in the latest signed checkpoint
     */
    public record Status(String content, boolean contentIntact, String text, boolean verified) {}

    /**
     * Rehashes the event as shown (the same {@link Event} every field and the raw JSON come from), then proves that
     * hash's inclusion against the latest signed checkpoint. Proving the stored leaf hash alone would say "Verified"
     * for content altered in the database after it was logged.
     */
    public Status check(OrganizationId organization, Event event) {
        String stored = event.leafHash();
        if (stored == null) {
            return new Status(
                    "No leaf hash was stored for this event.", false, "Cannot be checked without one.", false);
        }
        String recomputed = HexFormat.of().formatHex(LeafHashes.of(event));
        if (!recomputed.equals(stored)) {
            return new Status(
                    "This event's content does not match its leaf hash: it was altered after it was logged. It hashes"
                            + " to " + recomputed + ".",
                    false,
                    "Does NOT verify: the event shown is not the event that was logged.",
                    false);
        }
        String content = "Its content hashes to its leaf hash.";
        Optional<StoredCheckpoint> latest = storage.checkpoints().latest(organization);
        if (latest.isEmpty() || latest.get().size() < event.seq()) {
            return new Status(
                    content, true, "Not yet covered by a signed checkpoint; one is signed within seconds.", false);
        }
        try {
            Checkpoint checkpoint =
                    Checkpoint.parse(verifier.verify(latest.get().note()));
            LogProofs.Inclusion inclusion =
                    new LogProofs(storage.events()).inclusion(organization, event.seq(), checkpoint.size());
            InclusionProofVerifier.verify(
                    event.seq() - 1,
                    checkpoint.size(),
                    HexFormat.of().parseHex(recomputed),
                    inclusion.hashes(),
                    checkpoint.rootHash());
            return new Status(
                    content,
                    true,
                    "Verified: included in the log of " + checkpoint.size() + " events whose checkpoint was signed "
                            + TEXT.format(latest.get().createdAt()) + " by " + verifier.name() + ".",
                    true);
        } catch (Exception e) {
            return new Status(
                    content, true, "Does NOT verify against the latest signed checkpoint: " + e.getMessage(), false);
        }
    }
}
