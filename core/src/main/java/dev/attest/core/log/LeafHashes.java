package dev.attest.core.log;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventDocument;
import dev.attest.integrity.CanonicalJson;
import dev.attest.integrity.MerkleHash;

/**
 * The leaf hash of a stored event: RFC 9162 §2.1.1 leaf hash of the RFC 8785 canonical bytes of its wire document,
 * server-assigned members ({@code organization_id}, {@code seq}, {@code id}, {@code received_at}) included and
 * {@code leaf_hash} itself left out. Anyone holding the exported event can recompute it.
 */
public final class LeafHashes {
    private LeafHashes() {}

    /** The canonical bytes of {@code event}. */
    public static byte[] canonicalBytes(Event event) {
        return CanonicalJson.canonicalize(EventDocument.of(event, false));
    }

    /** SHA-256(0x00 || canonical bytes). */
    public static byte[] of(Event event) {
        return MerkleHash.leaf(canonicalBytes(event));
    }
}
