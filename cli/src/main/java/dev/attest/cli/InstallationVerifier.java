package dev.attest.cli;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.LeafHashes;
import dev.attest.core.org.Organization;
import dev.attest.core.store.Storage;
import dev.attest.core.store.StoredCheckpoint;
import dev.attest.integrity.Checkpoint;
import dev.attest.integrity.CheckpointFormatException;
import dev.attest.integrity.CheckpointSignatureException;
import dev.attest.integrity.MerkleHash;
import dev.attest.integrity.NoteVerifier;
import dev.attest.integrity.TreeBuilder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks every organization's log in a whole installation's storage, as a backup or restore must before it reports
 * success: each event is the next seq and hashes to its stored leaf hash, the events fold to the stored root, and the
 * latest checkpoint is signed by the installation's key over the root the events have at its size.
 */
final class InstallationVerifier {
    private static final HexFormat HEX = HexFormat.of();

    /** A log in the storage does not verify. */
    static final class InstallationVerificationException extends Exception {
        private static final long serialVersionUID = 1L;

        InstallationVerificationException(String message) {
            super(message);
        }
    }

    /** What was verified. */
    record Report(int organizations, long events, int checkpoints) {}

    private final NoteVerifier verifier;

    /** @param verifier the installation's verifier key, which every checkpoint must be signed with */
    InstallationVerifier(NoteVerifier verifier) {
        this.verifier = verifier;
    }

    /** Opens the SQLite database in {@code directory} (migrating it) and verifies it, as {@link #verify} does. */
    Report verifyDatabaseIn(java.nio.file.Path directory) throws InstallationVerificationException {
        try (var storage = dev.attest.storage.sqlite.SqliteStorage.open(directory, 1)) {
            return verify(storage);
        }
    }

    Report verify(Storage storage) throws InstallationVerificationException {
        int organizations = 0;
        int checkpoints = 0;
        long events = 0;
        for (Organization organization : storage.organizations().list()) {
            OrganizationId org = organization.id();
            long size = storage.events().size(org);
            Optional<StoredCheckpoint> latest = storage.checkpoints().latest(org);
            long checkpointSize = latest.map(StoredCheckpoint::size).orElse(0L);
            var tree = new TreeBuilder();
            byte[][] rootAtCheckpoint = {checkpointSize == 0 ? MerkleHash.emptyRoot() : null};
            @Nullable String[] problem = new String[1];
            storage.events().scan(org, 1, size, event -> {
                if (problem[0] != null) {
                    return;
                }
                if (event.seq() != tree.size() + 1) {
                    problem[0] = "expected seq " + (tree.size() + 1) + ", found " + event.seq();
                    return;
                }
                String actual = HEX.formatHex(LeafHashes.of(event));
                if (!actual.equals(event.leafHash())) {
                    problem[0] = "event seq " + event.seq() + " (id " + event.id() + ") hashes to " + actual
                            + " but its leaf hash is " + event.leafHash();
                    return;
                }
                tree.append(HEX.parseHex(actual));
                if (tree.size() == checkpointSize) {
                    rootAtCheckpoint[0] = tree.root();
                }
            });
            if (problem[0] != null) {
                throw new InstallationVerificationException(org + ": " + problem[0]);
            }
            if (tree.size() != size) {
                throw new InstallationVerificationException(
                        org + ": the log's size is " + size + " but " + tree.size() + " events were read");
            }
            byte[] root = size == 0 ? MerkleHash.emptyRoot() : tree.root();
            byte @Nullable [] stored = storage.events().head(org).root();
            if (stored == null || !Arrays.equals(root, stored)) {
                throw new InstallationVerificationException(org + ": the events form the root " + HEX.formatHex(root)
                        + " but the stored head states " + (stored == null ? "none" : HEX.formatHex(stored)));
            }
            if (latest.isPresent()) {
                checkCheckpoint(org, latest.get(), rootAtCheckpoint[0]);
                checkpoints++;
            }
            organizations++;
            events += size;
        }
        return new Report(organizations, events, checkpoints);
    }

    private void checkCheckpoint(OrganizationId org, StoredCheckpoint stored, byte @Nullable [] rootFromEvents)
            throws InstallationVerificationException {
        Checkpoint signed;
        try {
            signed = Checkpoint.parse(verifier.verify(stored.note()));
        } catch (CheckpointSignatureException | CheckpointFormatException e) {
            throw new InstallationVerificationException(org + ": its latest checkpoint (size " + stored.size()
                    + ") does not verify with the installation's key " + verifier.name() + ": " + e.getMessage()
                    + " (is the right checkpoint-signing.key in the data directory?)");
        }
        if (rootFromEvents == null || signed.size() != stored.size()) {
            throw new InstallationVerificationException(
                    org + ": its latest checkpoint is of size " + signed.size() + ", beyond the log");
        }
        if (!Arrays.equals(signed.rootHash(), rootFromEvents)) {
            throw new InstallationVerificationException(
                    org + ": the events at size " + signed.size() + " form the root "
                            + HEX.formatHex(rootFromEvents) + " but the signed checkpoint states "
                            + HEX.formatHex(signed.rootHash()));
        }
    }
}
