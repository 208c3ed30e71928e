package dev.attest.core.store;

/**
 * One open write transaction of a {@link Storage}. Every store reached through it reads what the transaction wrote so
 * far and writes into it; {@code events().append(…)} gives new events their {@code seq} and leaf hash and grows their
 * organization's Merkle tree inside it. Nothing of it is visible to others before {@link Storage#inTransaction}
 * returns, and nothing of it is stored if the work throws. Not thread-safe: use it on the thread that received it,
 * and not after the work returned.
 */
public interface Transaction extends Stores {}
