package dev.attest.core.store;

import org.jspecify.annotations.Nullable;

/**
 * The head of an organization's log: its size and, when the store keeps the Merkle tree, the tree's root at that size.
 *
 * @param root 32-byte RFC 9162 root hash; {@code null} when the store does not compute the tree
 */
@SuppressWarnings("ArrayRecordComponent") // a hash; never compared with equals()
public record LogHead(long size, byte @Nullable [] root) {}
