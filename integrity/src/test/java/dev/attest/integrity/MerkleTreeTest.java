package dev.attest.integrity;

import static dev.attest.integrity.Rfc6962Vectors.CONSISTENCY_PROOFS;
import static dev.attest.integrity.Rfc6962Vectors.INCLUSION_PROOFS;
import static dev.attest.integrity.Rfc6962Vectors.ROOTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private final MerkleTree tree = new MerkleTree(InMemorySubtreeHashes.of(Rfc6962Vectors.leafHashes()));

    @Test
    void root_everySizeOfRfc6962Tree_matchesVectors() {
        assertThat(tree.root(0)).isEqualTo(Rfc6962Vectors.EMPTY_ROOT);
        for (int size = 1; size <= 8; size++) {
            assertThat(tree.root(size)).as("root of size %d", size).isEqualTo(ROOTS.get(size - 1));
        }
    }

    @Test
    void inclusionProof_rfc6962Vectors_matches() {
        for (Rfc6962Vectors.Inclusion vector : INCLUSION_PROOFS) {
            assertThat(tree.inclusionProof(vector.index(), vector.size()))
                    .as("leaf %d of %d", vector.index(), vector.size())
                    .containsExactlyElementsOf(vector.proof());
        }
    }

    @Test
    void consistencyProof_rfc6962Vectors_matches() {
        for (Rfc6962Vectors.Consistency vector : CONSISTENCY_PROOFS) {
            assertThat(tree.consistencyProof(vector.oldSize(), vector.newSize()))
                    .as("%d to %d", vector.oldSize(), vector.newSize())
                    .containsExactlyElementsOf(vector.proof());
        }
    }

    @Test
    void consistencyProof_fromEmptyOrToSameSize_isEmpty() {
        assertThat(tree.consistencyProof(0, 8)).isEmpty();
        assertThat(tree.consistencyProof(0, 0)).isEmpty();
        assertThat(tree.consistencyProof(5, 5)).isEmpty();
    }

    @Test
    void inclusionProof_indexOutsideTree_throws() {
        assertThatThrownBy(() -> tree.inclusionProof(8, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaf index must be in [0, 8), got 8");
        assertThatThrownBy(() -> tree.inclusionProof(-1, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.inclusionProof(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void consistencyProof_shrinkingOrNegative_throws() {
        assertThatThrownBy(() -> tree.consistencyProof(5, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 <= oldSize <= newSize, got 5 and 4");
        assertThatThrownBy(() -> tree.consistencyProof(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void root_negativeSize_throws() {
        assertThatThrownBy(() -> tree.root(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void proofs_hugeTree_readFewCompleteSubtreesOnly() {
        // A tree too large to scan: every read must be a complete subtree inside the tree, and there are O(log n).
        long size = (1L << 50) + (1L << 33) + 12345;
        List<String> reads = new ArrayList<>();
        MerkleTree huge = new MerkleTree((level, index) -> {
            assertThat(level).isBetween(0, 62);
            assertThat(index).isNotNegative();
            assertThat((index + 1) << level)
                    .as("subtree %d/%d inside the tree", level, index)
                    .isLessThanOrEqualTo(size);
            reads.add(level + "/" + index);
            return MerkleHash.leaf(
                    ByteBuffer.allocate(12).putInt(level).putLong(index).array());
        });

        huge.root(size);
        assertThat(reads).hasSizeLessThanOrEqualTo(Long.bitCount(size));
        reads.clear();
        huge.inclusionProof(size - 7, size);
        assertThat(reads).hasSizeLessThanOrEqualTo(2 * 64);
        reads.clear();
        huge.inclusionProof(123456789, size);
        assertThat(reads).hasSizeLessThanOrEqualTo(2 * 64);
        reads.clear();
        huge.consistencyProof((1L << 40) + 3, size);
        assertThat(reads).hasSizeLessThanOrEqualTo(2 * 64);
    }

    @Test
    void root_subtreeHashOfWrongLength_throws() {
        MerkleTree broken = new MerkleTree((level, index) -> new byte[31]);
        assertThatThrownBy(() -> broken.root(4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("level 2, index 0 has 31 bytes, expected 32");
    }

    @Test
    void inMemoryHash_subtreeOutsideTree_throws() {
        InMemorySubtreeHashes hashes =
                InMemorySubtreeHashes.of(Rfc6962Vectors.leafHashes().subList(0, 6));
        assertThat(hashes.size()).isEqualTo(6);
        assertThat(hashes.hash(1, 2)).isEqualTo(Rfc6962Vectors.NODES.get(1).get(2));
        assertThatThrownBy(() -> hashes.hash(2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a tree of size 6 has no complete subtree at level 2, index 1");
        assertThatThrownBy(() -> hashes.hash(0, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hashes.hash(3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hashes.hash(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inMemoryOf_emptyList_hasEmptyRoot() {
        assertThat(new MerkleTree(InMemorySubtreeHashes.of(List.of())).root(0)).isEqualTo(MerkleHash.emptyRoot());
    }
}
