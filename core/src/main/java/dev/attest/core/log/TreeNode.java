package dev.attest.core.log;

import dev.attest.core.event.OrganizationId;

/**
 * A complete subtree's hash to store.
 *
 * @param level a level that {@link LogTree#isStored} accepts
 * @param index the subtree covers leaves [index * 2^level, (index + 1) * 2^level)
 */
@SuppressWarnings("ArrayRecordComponent") // a hash; never compared with equals()
public record TreeNode(OrganizationId organization, int level, long index, byte[] hash) {}
