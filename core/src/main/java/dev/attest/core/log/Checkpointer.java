package dev.attest.core.log;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.store.CheckpointStore;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.LogHead;
import dev.attest.core.store.StoredCheckpoint;
import dev.attest.integrity.Checkpoint;
import dev.attest.integrity.NoteSigner;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * Signs checkpoints of organizations' logs: a C2SP tlog-checkpoint whose origin names the installation and the
 * organization ({@code <installation>/<organization id>}), signed as a C2SP signed note with the installation's
 * Ed25519 key. Thread-safe.
 */
public final class Checkpointer {
    private final EventStore events;
    private final CheckpointStore checkpoints;
    private final NoteSigner signer;
    private final String installation;
    private final Clock clock;

    /** @param installation the first part of every origin, e.g. {@code audit.acme.example} */
    public Checkpointer(
            EventStore events, CheckpointStore checkpoints, NoteSigner signer, String installation, Clock clock) {
        this.events = events;
        this.checkpoints = checkpoints;
        this.signer = signer;
        this.installation = installation;
        this.clock = clock;
    }

    /** The origin line of an organization's checkpoints. */
    public String origin(OrganizationId organization) {
        return installation + "/" + organization.value();
    }

    /** The verifier key that checks this installation's checkpoints. */
    public String verifierKey() {
        return signer.verifierKey();
    }

    /**
     * A checkpoint of the organization's log at its current size: the stored one if it is up to date, a new signed one
     * otherwise.
     *
     * @throws IllegalStateException if the store keeps no Merkle tree
     */
    public StoredCheckpoint checkpoint(OrganizationId organization) {
        LogHead head = events.head(organization);
        Optional<StoredCheckpoint> latest = checkpoints.latest(organization);
        if (latest.isPresent() && latest.get().size() == head.size()) {
            if (head.root() != null && !Arrays.equals(latest.get().root(), head.root())) {
                // Never sign a second root for a size already signed: that would be a fork.
                throw new IllegalStateException("the tree of " + organization + " at size " + head.size()
                        + " no longer matches its signed checkpoint; the database was changed");
            }
            return latest.get();
        }
        byte[] root = head.root();
        if (root == null) {
            throw new IllegalStateException("this store keeps no Merkle tree; checkpoints need one");
        }
        String note = signer.sign(new Checkpoint(origin(organization), head.size(), root).format());
        checkpoints.save(new StoredCheckpoint(organization, head.size(), root, note, clock.instant()));
        return checkpoints.find(organization, head.size()).orElseThrow();
    }

    /** Signs a checkpoint of every organization whose log grew since its last one; returns how many it signed. */
    public int catchUp() {
        int signed = 0;
        for (OrganizationId organization : checkpoints.behind()) {
            checkpoint(organization);
            signed++;
        }
        return signed;
    }
}
