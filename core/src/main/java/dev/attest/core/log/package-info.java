/**
 * Each organization's log as a Merkle tree (RFC 9162): the leaf hash of a stored event, the tree's growth inside the
 * append transaction, and how stored subtree hashes serve roots and proofs. Storage backends call into this package;
 * the hashing itself lives in the {@code integrity} module.
 */
@NullMarked
package dev.attest.core.log;

import org.jspecify.annotations.NullMarked;
