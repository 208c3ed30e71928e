package dev.attest.core.log;

import dev.attest.core.event.OrganizationId;
import dev.attest.integrity.MerkleHash;
import dev.attest.integrity.SubtreeHashes;
import java.util.ArrayList;
import java.util.List;

/**
 * Which interior nodes of a log's tree are stored, and how every other complete subtree is computed from them.
 *
 * <p>Storing every node would add one row per event to the append path. Storing only the levels that are multiples of
 * {@link #STRIDE} (like the tiles of C2SP tlog-tiles) adds one row per 256 events, and any complete subtree is still one
 * range read away: a subtree at level L folds at most 2^(L mod 8) = 128 contiguous hashes of the stored level below
 * it. A proof therefore costs O(log n) range reads, never a scan.
 */
public final class LogTree {
    /** Levels 8, 16, 24 … are stored; level 0 is the events' own leaf hashes. */
    public static final int STRIDE = 8;

    private LogTree() {}

    /** Whether nodes of {@code level} are stored. */
    public static boolean isStored(int level) {
        return level > 0 && level % STRIDE == 0;
    }

    /** Complete-subtree hashes of one organization's tree, computed from what {@code store} holds. */
    public static SubtreeHashes subtreeHashes(TreeHashStore store, OrganizationId organization) {
        return (level, index) -> {
            int base = level - level % STRIDE;
            if (base == level) {
                return store.read(organization, level, index, index + 1).getFirst();
            }
            long width = 1L << (level - base);
            return fold(store.read(organization, base, index * width, (index + 1) * width));
        };
    }

    /** The roots of the maximal complete subtrees of a tree of {@code size}, largest first: what a builder resumes. */
    public static List<byte[]> frontier(SubtreeHashes hashes, long size) {
        var frontier = new ArrayList<byte[]>();
        long offset = 0;
        for (int level = 62; level >= 0; level--) {
            long width = 1L << level;
            if ((size & width) != 0) {
                frontier.add(hashes.hash(level, offset >> level));
                offset += width;
            }
        }
        return frontier;
    }

    /** The root of a complete subtree from its 2^k leftmost-to-rightmost children hashes. */
    private static byte[] fold(List<byte[]> hashes) {
        List<byte[]> level = hashes;
        while (level.size() > 1) {
            var up = new ArrayList<byte[]>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                up.add(MerkleHash.node(level.get(i), level.get(i + 1)));
            }
            level = up;
        }
        return level.getFirst();
    }
}
