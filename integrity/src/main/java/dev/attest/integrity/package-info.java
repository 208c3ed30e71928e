/**
 * Tamper evidence with nothing but the JDK: canonical bytes of an event (RFC 8785), RFC 9162 Merkle tree hashing,
 * inclusion and consistency proofs, and checkpoints in the C2SP {@code tlog-checkpoint} / {@code signed-note} formats
 * signed with Ed25519.
 *
 * <p>Entry points: {@link dev.attest.integrity.CanonicalJson} (bytes of an event), {@link
 * dev.attest.integrity.MerkleHash} (leaf and node hashes), {@link dev.attest.integrity.TreeBuilder} (appending leaves,
 * for the sequencer), {@link dev.attest.integrity.MerkleTree} over {@link dev.attest.integrity.SubtreeHashes} (roots
 * and proofs, for the server), {@link dev.attest.integrity.InclusionProofVerifier} and {@link
 * dev.attest.integrity.ConsistencyProofVerifier} (for anyone verifying), {@link dev.attest.integrity.Checkpoint},
 * {@link dev.attest.integrity.NoteSigner} and {@link dev.attest.integrity.NoteVerifier} (signed tree heads).
 * Verification failures are checked exceptions; malformed arguments from the caller are {@link
 * java.lang.IllegalArgumentException}s.
 *
 * <p>Nothing here knows about storage, HTTP or a JSON library: a verifier can run this package alone.
 */
@NullMarked
package dev.attest.integrity;

import org.jspecify.annotations.NullMarked;
