package dev.attest.integrity;

import static dev.attest.integrity.Rfc6962Vectors.INCLUSION_PROOFS;
import static dev.attest.integrity.Rfc6962Vectors.ROOTS;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class InclusionProofVerifierTest {
    private static final byte[] SOME_HASH =
            Rfc6962Vectors.hex("abacaba000000000000000000000000000000000000000000060061e00123456");

    @Test
    void verify_rfc6962Vectors_succeeds() {
        for (Rfc6962Vectors.Inclusion vector : INCLUSION_PROOFS) {
            byte[] leaf = Rfc6962Vectors.leafHashes().get((int) vector.index());
            assertThatCode(() -> InclusionProofVerifier.verify(
                            vector.index(), vector.size(), leaf, vector.proof(), ROOTS.get((int) vector.size() - 1)))
                    .as("leaf %d of %d", vector.index(), vector.size())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void verify_corruptedRfc6962Vectors_fails() {
        for (Rfc6962Vectors.Inclusion vector : INCLUSION_PROOFS) {
            byte[] leaf = Rfc6962Vectors.leafHashes().get((int) vector.index());
            byte[] root = ROOTS.get((int) vector.size() - 1);
            corruptions(vector.index(), vector.size(), leaf, vector.proof(), root)
                    .forEach((description, verify) -> assertThatThrownBy(verify)
                            .as("leaf %d of %d, %s", vector.index(), vector.size(), description)
                            .isInstanceOf(InclusionProofException.class));
        }
    }

    @Test
    void verify_wrongRoot_namesExpectedAndCalculatedRoots() {
        Rfc6962Vectors.Inclusion vector = INCLUSION_PROOFS.get(2);
        byte[] leaf = Rfc6962Vectors.leafHashes().get(5);
        assertThatThrownBy(() -> InclusionProofVerifier.verify(5, 8, leaf, vector.proof(), SOME_HASH))
                .isInstanceOf(InclusionProofException.class)
                .hasMessage("leaf 5 is not in the tree of size 8: expected root "
                        + HexFormat.of().formatHex(SOME_HASH) + ", the proof yields "
                        + HexFormat.of().formatHex(ROOTS.get(7)));
    }

    @Test
    void verify_proofOfWrongLength_namesBothLengths() {
        byte[] leaf = Rfc6962Vectors.leafHashes().get(0);
        assertThatThrownBy(() -> InclusionProofVerifier.verify(0, 8, leaf, List.of(SOME_HASH), ROOTS.get(7)))
                .isInstanceOf(InclusionProofException.class)
                .hasMessage("the inclusion proof of leaf 0 in a tree of size 8 has 3 hashes, got 1");
    }

    @Test
    void verify_singleLeafTree_rootIsLeafHash() throws InclusionProofException {
        byte[] leaf = MerkleHash.leaf("data".getBytes(StandardCharsets.UTF_8));
        InclusionProofVerifier.verify(0, 1, leaf, List.of(), leaf);
        assertThatThrownBy(() -> InclusionProofVerifier.verify(0, 1, leaf, List.of(), SOME_HASH))
                .isInstanceOf(InclusionProofException.class);
        assertThatThrownBy(() -> InclusionProofVerifier.verify(0, 1, leaf, List.of(), new byte[0]))
                .isInstanceOf(InclusionProofException.class)
                .hasMessage("root hash must be 32 bytes, got 0");
        assertThatThrownBy(() -> InclusionProofVerifier.verify(0, 1, new byte[0], List.of(), leaf))
                .isInstanceOf(InclusionProofException.class)
                .hasMessage("leaf hash must be 32 bytes, got 0");
    }

    @Test
    void verify_indexOutsideTree_fails() {
        for (long[] indexAndSize : new long[][] {{0, 0}, {1, 0}, {2, 1}, {-1, 8}, {8, 8}}) {
            assertThatThrownBy(() -> InclusionProofVerifier.verify(
                            indexAndSize[0], indexAndSize[1], SOME_HASH, List.of(), SOME_HASH))
                    .isInstanceOf(InclusionProofException.class)
                    .hasMessageContaining("is not in a tree of size");
        }
    }

    /** Every way transparency-dev/merkle's verify_test.go corrupts an inclusion proof, and a flip of every byte. */
    static Map<String, ThrowingCallable> corruptions(
            long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {
        Map<String, ThrowingCallable> probes = new LinkedHashMap<>();
        probes.put("index - 1", verification(index - 1, size, leaf, proof, root));
        probes.put("index + 1", verification(index + 1, size, leaf, proof, root));
        probes.put("index ^ 2", verification(index ^ 2, size, leaf, proof, root));
        probes.put("size * 2", verification(index, size * 2, leaf, proof, root));
        probes.put("size / 2", verification(index, size / 2, leaf, proof, root));
        probes.put("wrong leaf", verification(index, size, SOME_HASH, proof, root));
        probes.put("empty root", verification(index, size, leaf, proof, MerkleHash.emptyRoot()));
        probes.put("other root", verification(index, size, leaf, proof, SOME_HASH));
        probes.put("trailing empty", verification(index, size, leaf, with(proof, proof.size(), new byte[0]), root));
        probes.put("trailing root", verification(index, size, leaf, with(proof, proof.size(), root), root));
        probes.put("preceding empty", verification(index, size, leaf, with(proof, 0, new byte[0]), root));
        probes.put("preceding root", verification(index, size, leaf, with(proof, 0, root), root));
        if (!proof.isEmpty()) {
            probes.put("removed last", verification(index, size, leaf, proof.subList(0, proof.size() - 1), root));
            probes.put("inserted", verification(index, size, leaf, with(proof, 1, SOME_HASH), root));
        }
        for (int i = 0; i < proof.size(); i++) {
            for (int b = 0; b < 32; b++) {
                probes.put("proof[" + i + "] byte " + b, verification(index, size, leaf, flipped(proof, i, b), root));
            }
        }
        for (int b = 0; b < 32; b++) {
            probes.put("leaf byte " + b, verification(index, size, flipped(leaf, b), proof, root));
            probes.put("root byte " + b, verification(index, size, leaf, proof, flipped(root, b)));
        }
        return probes;
    }

    private static ThrowingCallable verification(long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {
        return () -> InclusionProofVerifier.verify(index, size, leaf, proof, root);
    }

    static List<byte[]> with(List<byte[]> proof, int position, byte[] extra) {
        List<byte[]> copy = new ArrayList<>(proof);
        copy.add(position, extra);
        return copy;
    }

    static List<byte[]> flipped(List<byte[]> proof, int element, int position) {
        List<byte[]> copy = new ArrayList<>(proof);
        copy.set(element, flipped(proof.get(element), position));
        return copy;
    }

    static byte[] flipped(byte[] hash, int position) {
        byte[] copy = hash.clone();
        copy[position] ^= 1;
        return copy;
    }
}
