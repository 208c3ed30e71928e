package dev.attest.core.log;

import dev.attest.integrity.CanonicalJson;
import dev.attest.integrity.Checkpoint;
import dev.attest.integrity.MerkleHash;
import dev.attest.integrity.TreeBuilder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks an organization's exported events against a checkpoint without trusting whoever served them: the events
 * must be the log's events 1..n in order, each one's canonical bytes must hash to the leaf hash it states, and the
 * tree they form must have the checkpoint's root. The caller verifies the checkpoint's signature first.
 *
 * <p>Feed every event document with {@link #accept}, then call {@link #finish()}. Not thread-safe.
 */
public final class LogVerifier {
    private final Checkpoint checkpoint;
    private final String organizationId;
    private final TreeBuilder tree = new TreeBuilder();
    private final HexFormat hex = HexFormat.of();
    private long rememberAt = -1;
    private byte @Nullable [] remembered;

    /**
     * @param checkpoint a checkpoint whose signature the caller has verified
     * @param organizationId the organization the events must belong to
     */
    public LogVerifier(Checkpoint checkpoint, String organizationId) {
        this.checkpoint = checkpoint;
        this.organizationId = organizationId;
    }

    /** How many events have been checked. */
    public long verified() {
        return tree.size();
    }

    /**
     * Checks the next event.
     *
     * @param document the event's wire document, as exported (with or without {@code leaf_hash})
     * @throws LogVerificationException if it is not the next event of the log, or its stated leaf hash is not the hash
     *     of its content
     */
    public void accept(Map<String, @Nullable Object> document) throws LogVerificationException {
        long expected = tree.size() + 1;
        if (expected > checkpoint.size()) {
            throw new LogVerificationException(
                    "the export holds more events than the checkpoint's " + checkpoint.size());
        }
        Object seq = document.get("seq");
        if (!(seq instanceof Number number) || number.longValue() != expected) {
            throw new LogVerificationException("expected the event with seq " + expected + ", found seq " + seq
                    + (seq instanceof Number n && n.longValue() > expected
                            ? ": events " + expected + " to " + (n.longValue() - 1) + " are missing"
                            : ""));
        }
        Object org = document.get("organization_id");
        if (!organizationId.equals(org)) {
            throw new LogVerificationException(
                    "event seq " + expected + " belongs to " + org + ", not to " + organizationId);
        }
        var content = new LinkedHashMap<String, @Nullable Object>(document);
        Object stated = content.remove("leaf_hash");
        byte[] leaf;
        try {
            leaf = MerkleHash.leaf(CanonicalJson.canonicalize(content));
        } catch (IllegalArgumentException e) {
            throw new LogVerificationException(
                    "event seq " + expected + " is not canonical JSON: " + e.getMessage(), e);
        }
        if (stated != null && !hex.formatHex(leaf).equals(stated)) {
            throw new LogVerificationException(
                    "event seq " + expected + " (id " + document.get("id") + ") was altered: its content hashes to "
                            + hex.formatHex(leaf) + " but its leaf hash is " + stated);
        }
        tree.append(leaf);
        if (tree.size() == rememberAt) {
            remembered = tree.root();
        }
    }

    /**
     * Checks that the events were exactly the checkpoint's and that they form its tree.
     *
     * @return the number of events verified
     * @throws LogVerificationException if events are missing or the root differs
     */
    public long finish() throws LogVerificationException {
        if (tree.size() != checkpoint.size()) {
            throw new LogVerificationException(
                    "the checkpoint covers " + checkpoint.size() + " events but the export holds " + tree.size()
                            + ": events " + (tree.size() + 1) + " to " + checkpoint.size() + " are missing");
        }
        byte[] root = tree.root();
        if (!Arrays.equals(root, checkpoint.rootHash())) {
            throw new LogVerificationException("the events form a tree with root " + hex.formatHex(root)
                    + " but the signed checkpoint states " + hex.formatHex(checkpoint.rootHash())
                    + ": events were altered, inserted, removed or reordered");
        }
        return tree.size();
    }

    /** Remembers the root of the tree when it reaches {@code size}, e.g. to compare with an earlier checkpoint. */
    public void rememberRootAt(long size) {
        rememberAt = size;
        if (size == 0) {
            remembered = MerkleHash.emptyRoot();
        }
    }

    /** The root remembered by {@link #rememberRootAt}, once the tree reached that size. */
    public byte @Nullable [] rememberedRoot() {
        return remembered == null ? null : remembered.clone();
    }
}
