package dev.attest.integrity;

import static dev.attest.integrity.InclusionProofVerifierTest.flipped;
import static dev.attest.integrity.InclusionProofVerifierTest.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random trees of up to 300 leaves: every generated proof verifies, has the length the verifiers expect, and
 * fails once corrupted. The seeds are fixed, so a failure (which names the index and sizes) replays exactly.
 */
class ProofPropertyTest {
    private static final int MAX_SIZE = 300;
    private static final int SAMPLES = 1000;

    private final List<byte[]> leaves = TreeBuilderTest.randomLeafHashes(MAX_SIZE, 20261127);
    private final MerkleTree tree = new MerkleTree(InMemorySubtreeHashes.of(leaves));
    private final byte[][] roots = new byte[MAX_SIZE + 1][];

    ProofPropertyTest() {
        for (int size = 0; size <= MAX_SIZE; size++) {
            roots[size] = tree.root(size);
        }
    }

    @Test
    void inclusionProof_everyLeafOfEverySizeUpTo64_verifies() {
        for (int size = 1; size <= 64; size++) {
            for (int index = 0; index < size; index++) {
                assertInclusionVerifies(index, size);
            }
        }
    }

    @Test
    void consistencyProof_everyPairOfSizesUpTo64_verifies() {
        for (int newSize = 0; newSize <= 64; newSize++) {
            for (int oldSize = 0; oldSize <= newSize; oldSize++) {
                assertConsistencyVerifies(oldSize, newSize);
            }
        }
    }

    @Test
    void inclusionProof_randomLeavesAndSizes_verifiesAndFailsOnceCorrupted() {
        Random random = new Random(1);
        for (int sample = 0; sample < SAMPLES; sample++) {
            int size = 1 + random.nextInt(MAX_SIZE);
            int index = random.nextInt(size);
            List<byte[]> proof = assertInclusionVerifies(index, size);
            byte[] leaf = leaves.get(index);
            String at = "leaf " + index + " of " + size;

            if (!proof.isEmpty()) {
                int element = random.nextInt(proof.size());
                assertInclusionFails(
                        at + ", flipped byte", index, size, leaf, flipped(proof, element, random.nextInt(32)));
                assertInclusionFails(at + ", dropped hash", index, size, leaf, dropped(proof, element));
            }
            byte[] extra = leaves.get(random.nextInt(MAX_SIZE));
            assertInclusionFails(
                    at + ", added hash", index, size, leaf, with(proof, random.nextInt(proof.size() + 1), extra));
            int otherIndex = otherThan(index, size, random);
            if (otherIndex >= 0) {
                assertInclusionFails(at + ", index " + otherIndex, otherIndex, size, leaf, proof);
                assertInclusionFails(at + ", leaf " + otherIndex, index, size, leaves.get(otherIndex), proof);
            }
            // Another size with that size's own root: the proof must not pass for a different tree.
            int otherSize = otherThan(size, MAX_SIZE + 1, random);
            if (otherSize > index) {
                assertThatThrownBy(() -> InclusionProofVerifier.verify(index, otherSize, leaf, proof, roots[otherSize]))
                        .as(at + ", size " + otherSize)
                        .isInstanceOf(InclusionProofException.class);
            }
        }
    }

    @Test
    void consistencyProof_randomSizes_verifiesAndFailsOnceCorrupted() {
        Random random = new Random(2);
        for (int sample = 0; sample < SAMPLES; sample++) {
            int newSize = 2 + random.nextInt(MAX_SIZE - 1);
            int oldSize = 1 + random.nextInt(newSize - 1);
            List<byte[]> proof = assertConsistencyVerifies(oldSize, newSize);
            String at = oldSize + " to " + newSize;

            int element = random.nextInt(proof.size());
            assertConsistencyFails(
                    at + ", flipped byte", oldSize, newSize, flipped(proof, element, random.nextInt(32)));
            assertConsistencyFails(at + ", dropped hash", oldSize, newSize, dropped(proof, element));
            byte[] extra = leaves.get(random.nextInt(MAX_SIZE));
            assertConsistencyFails(
                    at + ", added hash", oldSize, newSize, with(proof, random.nextInt(proof.size() + 1), extra));
            // Other sizes, each with its own root: the proof must not link other trees.
            int otherOld = otherThan(oldSize, newSize, random);
            if (otherOld > 0) {
                assertThatThrownBy(() -> ConsistencyProofVerifier.verify(
                                otherOld, newSize, roots[otherOld], roots[newSize], proof))
                        .as(at + ", old size " + otherOld)
                        .isInstanceOf(ConsistencyProofException.class);
            }
            int otherNew = otherThan(newSize, MAX_SIZE + 1, random);
            if (otherNew > oldSize) {
                assertThatThrownBy(() -> ConsistencyProofVerifier.verify(
                                oldSize, otherNew, roots[oldSize], roots[otherNew], proof))
                        .as(at + ", new size " + otherNew)
                        .isInstanceOf(ConsistencyProofException.class);
            }
        }
    }

    private List<byte[]> assertInclusionVerifies(int index, int size) {
        List<byte[]> proof = tree.inclusionProof(index, size);
        assertThat(proof).as("leaf %d of %d", index, size).hasSize(InclusionProofVerifier.proofLength(index, size));
        assertThatCode(() -> InclusionProofVerifier.verify(index, size, leaves.get(index), proof, roots[size]))
                .as("leaf %d of %d", index, size)
                .doesNotThrowAnyException();
        return proof;
    }

    private List<byte[]> assertConsistencyVerifies(int oldSize, int newSize) {
        List<byte[]> proof = tree.consistencyProof(oldSize, newSize);
        assertThat(proof)
                .as("%d to %d", oldSize, newSize)
                .hasSize(ConsistencyProofVerifier.proofLength(oldSize, newSize));
        assertThatCode(() -> ConsistencyProofVerifier.verify(oldSize, newSize, roots[oldSize], roots[newSize], proof))
                .as("%d to %d", oldSize, newSize)
                .doesNotThrowAnyException();
        return proof;
    }

    private void assertInclusionFails(String description, int index, int size, byte[] leaf, List<byte[]> proof) {
        assertThatThrownBy(() -> InclusionProofVerifier.verify(index, size, leaf, proof, roots[size]))
                .as(description)
                .isInstanceOf(InclusionProofException.class);
    }

    private void assertConsistencyFails(String description, int oldSize, int newSize, List<byte[]> proof) {
        assertThatThrownBy(
                        () -> ConsistencyProofVerifier.verify(oldSize, newSize, roots[oldSize], roots[newSize], proof))
                .as(description)
                .isInstanceOf(ConsistencyProofException.class);
    }

    private static List<byte[]> dropped(List<byte[]> proof, int element) {
        List<byte[]> copy = new ArrayList<>(proof);
        copy.remove(element);
        return copy;
    }

    /** A value in [0, bound) other than {@code value}, or -1 if there is none. */
    private static int otherThan(int value, int bound, Random random) {
        if (bound < 2) {
            return -1;
        }
        int other = random.nextInt(bound - 1);
        return other >= value ? other + 1 : other;
    }
}
