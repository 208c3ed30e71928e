package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import java.util.List;
import java.util.Optional;

/** The signed checkpoints of organizations' logs. Checkpoints are never changed once saved. Thread-safe. */
public interface CheckpointStore {
    /** Saves a checkpoint; a second one of the same organization and size is ignored (the first one stays). */
    void save(StoredCheckpoint checkpoint);

    /** The organization's checkpoint of the largest size. */
    Optional<StoredCheckpoint> latest(OrganizationId organization);

    /** The organization's checkpoint of exactly {@code size}. */
    Optional<StoredCheckpoint> find(OrganizationId organization, long size);

    /** Organizations whose log has grown past their latest checkpoint, or that have none yet. */
    List<OrganizationId> behind();
}
