package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;

/**
 * A signed checkpoint of an organization's log, as kept by the server.
 *
 * @param note the C2SP signed note: the tlog-checkpoint body followed by the signature lines
 */
@SuppressWarnings("ArrayRecordComponent") // a hash; never compared with equals()
public record StoredCheckpoint(OrganizationId organization, long size, byte[] root, String note, Instant createdAt) {}
