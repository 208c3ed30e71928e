package dev.attest.integrity;

import static dev.attest.integrity.Rfc6962Vectors.NODES;
import static dev.attest.integrity.Rfc6962Vectors.ROOTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeBuilderTest {
    @Test
    void root_empty_isEmptyRoot() {
        assertThat(new TreeBuilder().root()).isEqualTo(Rfc6962Vectors.EMPTY_ROOT);
    }

    @Test
    void append_rfc6962Leaves_rootOfEverySizeMatchesVectors() {
        TreeBuilder builder = new TreeBuilder();
        List<byte[]> leaves = Rfc6962Vectors.leafHashes();
        for (int size = 1; size <= leaves.size(); size++) {
            builder.append(leaves.get(size - 1));
            assertThat(builder.size()).isEqualTo(size);
            assertThat(builder.root()).as("root of size %d", size).isEqualTo(ROOTS.get(size - 1));
        }
    }

    @Test
    void append_rfc6962Leaves_reportsEveryCompleteSubtreeOnceBottomUp() {
        List<String> reported = new ArrayList<>();
        TreeBuilder builder = new TreeBuilder((level, index, hash) -> reported.add(report(level, index, hash)));
        Rfc6962Vectors.leafHashes().forEach(builder::append);

        int[][] expectedOrder = {
            {0, 0}, {0, 1}, {1, 0}, {0, 2}, {0, 3}, {1, 1}, {2, 0}, {0, 4}, {0, 5}, {1, 2}, {0, 6}, {0, 7}, {1, 3},
            {2, 1}, {3, 0}
        };
        List<String> expected = new ArrayList<>();
        for (int[] node : expectedOrder) {
            expected.add(report(node[0], node[1], NODES.get(node[0]).get(node[1])));
        }
        assertThat(reported).containsExactlyElementsOf(expected);
    }

    @Test
    void resume_fromFrontierOfEverySize_continuesWithTheSameRootsAndReports() {
        List<byte[]> leaves = randomLeafHashes(70, 1);
        for (int size = 0; size <= 64; size++) {
            List<String> reportedByFull = new ArrayList<>();
            TreeBuilder full = new TreeBuilder((level, index, hash) -> reportedByFull.add(report(level, index, hash)));
            leaves.subList(0, size).forEach(full::append);
            int reportedBeforeResume = reportedByFull.size();
            assertThat(full.frontier()).hasSize(Long.bitCount(size));

            List<String> reportedByResumed = new ArrayList<>();
            TreeBuilder resumed = TreeBuilder.resume(
                    size, full.frontier(), (level, index, hash) -> reportedByResumed.add(report(level, index, hash)));
            assertThat(resumed.size()).isEqualTo(size);
            assertThat(resumed.root()).isEqualTo(full.root());
            for (byte[] leaf : leaves.subList(size, leaves.size())) {
                full.append(leaf);
                resumed.append(leaf);
                assertThat(resumed.root()).isEqualTo(full.root());
            }
            assertThat(reportedByResumed)
                    .isEqualTo(reportedByFull.subList(reportedBeforeResume, reportedByFull.size()));
        }
    }

    private static String report(int level, long index, byte[] hash) {
        return level + "/" + index + "/" + HexFormat.of().formatHex(hash);
    }

    @Test
    void root_afterManyAppends_matchesInMemoryTree() {
        List<byte[]> leaves = randomLeafHashes(1000, 2);
        TreeBuilder builder = new TreeBuilder();
        leaves.forEach(builder::append);
        MerkleTree tree = new MerkleTree(InMemorySubtreeHashes.of(leaves));
        assertThat(builder.root()).isEqualTo(tree.root(1000));
    }

    @Test
    void append_sinkThrows_leavesTreeUnchanged() {
        List<byte[]> leaves = Rfc6962Vectors.leafHashes();
        boolean[] fail = {false};
        TreeBuilder builder = new TreeBuilder((level, index, hash) -> {
            if (fail[0] && level == 2) {
                throw new IllegalStateException("storage is down");
            }
        });
        leaves.subList(0, 3).forEach(builder::append);
        fail[0] = true;

        // The fourth leaf completes a subtree at level 2, whose report fails.
        assertThatThrownBy(() -> builder.append(leaves.get(3))).hasMessage("storage is down");
        assertThat(builder.size()).isEqualTo(3);
        assertThat(builder.root()).isEqualTo(ROOTS.get(2));

        fail[0] = false;
        builder.append(leaves.get(3));
        assertThat(builder.root()).isEqualTo(ROOTS.get(3));
    }

    @Test
    void append_callerModifiesLeafHashAfterwards_treeUnaffected() {
        byte[] leaf = Rfc6962Vectors.leafHashes().get(0);
        TreeBuilder builder = new TreeBuilder();
        builder.append(leaf);
        leaf[0] ^= 1;
        assertThat(builder.root()).isEqualTo(ROOTS.get(0));
    }

    @Test
    void frontier_modifiedByCaller_treeUnaffected() {
        TreeBuilder builder = new TreeBuilder();
        Rfc6962Vectors.leafHashes().subList(0, 3).forEach(builder::append);
        builder.frontier().forEach(hash -> hash[0] ^= 1);
        assertThat(builder.root()).isEqualTo(ROOTS.get(2));
    }

    @Test
    void frontier_size6_isRootsOfFirstFourAndNextTwoLeaves() {
        TreeBuilder builder = new TreeBuilder();
        Rfc6962Vectors.leafHashes().subList(0, 6).forEach(builder::append);
        assertThat(builder.frontier())
                .containsExactly(NODES.get(2).get(0), NODES.get(1).get(2));
    }

    @Test
    void resume_frontierOfWrongLength_throws() {
        assertThatThrownBy(() -> TreeBuilder.resume(6, List.of(new byte[32])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the frontier of a tree of size 6 has 2 hashes");
    }

    @Test
    void resume_hashNot32Bytes_throws() {
        assertThatThrownBy(() -> TreeBuilder.resume(1, List.of(new byte[31])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frontier[0] hash must be 32 bytes, got 31");
    }

    @Test
    void resume_negativeSize_throws() {
        assertThatThrownBy(() -> TreeBuilder.resume(-1, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void append_hashNot32Bytes_throws() {
        assertThatThrownBy(() -> new TreeBuilder().append(new byte[33]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaf hash must be 32 bytes, got 33");
    }

    @Test
    void append_treeFull_throws() {
        List<byte[]> frontier = new ArrayList<>();
        for (int i = 0; i < 63; i++) {
            frontier.add(new byte[32]);
        }
        TreeBuilder full = TreeBuilder.resume(Long.MAX_VALUE, frontier);
        assertThatThrownBy(() -> full.append(new byte[32])).isInstanceOf(IllegalStateException.class);
    }

    static List<byte[]> randomLeafHashes(int count, long seed) {
        Random random = new Random(seed);
        List<byte[]> leaves = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[1 + random.nextInt(40)];
            random.nextBytes(data);
            leaves.add(MerkleHash.leaf(data));
        }
        return leaves;
    }
}
