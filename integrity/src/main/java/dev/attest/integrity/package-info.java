/**
 * Tamper evidence with nothing but the JDK: canonical bytes of an event (RFC 8785), RFC 9162 Merkle tree hashing,
 * inclusion and consistency proofs, and checkpoints in the C2SP {@code tlog-checkpoint} / {@code signed-note} formats
 * signed with Ed25519.
 *
 * <p>Nothing here knows about storage, HTTP or a JSON library: a verifier can run this package alone.
 */
@NullMarked
package dev.attest.integrity;

import org.jspecify.annotations.NullMarked;
