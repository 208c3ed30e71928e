package dev.attest.integrity;

import static dev.attest.integrity.InclusionProofVerifierTest.flipped;
import static dev.attest.integrity.InclusionProofVerifierTest.with;
import static dev.attest.integrity.Rfc6962Vectors.CONSISTENCY_PROOFS;
import static dev.attest.integrity.Rfc6962Vectors.ROOTS;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ConsistencyProofVerifierTest {
    private static final byte[] SOME_HASH =
            Rfc6962Vectors.hex("abacaba000000000000000000000000000000000000000000060061e00123456");
    private static final byte[] EMPTY = MerkleHash.emptyRoot();
    private static final byte[] ROOT1 = ROOTS.get(0);
    private static final byte[] ROOT2 = ROOTS.get(1);

    @Test
    void verify_rfc6962Vectors_succeeds() {
        for (Rfc6962Vectors.Consistency vector : CONSISTENCY_PROOFS) {
            assertThatCode(() -> ConsistencyProofVerifier.verify(
                            vector.oldSize(),
                            vector.newSize(),
                            ROOTS.get((int) vector.oldSize() - 1),
                            ROOTS.get((int) vector.newSize() - 1),
                            vector.proof()))
                    .as("%d to %d", vector.oldSize(), vector.newSize())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void verify_corruptedRfc6962Vectors_fails() {
        for (Rfc6962Vectors.Consistency vector : CONSISTENCY_PROOFS) {
            if (vector.proof().isEmpty()) {
                continue;
            }
            byte[] oldRoot = ROOTS.get((int) vector.oldSize() - 1);
            byte[] newRoot = ROOTS.get((int) vector.newSize() - 1);
            corruptions(vector.oldSize(), vector.newSize(), oldRoot, newRoot, vector.proof())
                    .forEach((description, verify) -> assertThatThrownBy(verify)
                            .as("%d to %d, %s", vector.oldSize(), vector.newSize(), description)
                            .isInstanceOf(ConsistencyProofException.class));
        }
    }

    @Test
    void verify_trivialCases_followTheRulesForEmptyAndEqualTrees() {
        // Cases of transparency-dev/merkle's TestVerifyConsistency, with the empty tree's root required to be the
        // empty root (that library ignores it).
        assertThatCode(() -> ConsistencyProofVerifier.verify(0, 0, EMPTY, EMPTY, List.of()))
                .doesNotThrowAnyException();
        assertThatCode(() -> ConsistencyProofVerifier.verify(0, 1, EMPTY, ROOT2, List.of()))
                .doesNotThrowAnyException();
        assertThatCode(() -> ConsistencyProofVerifier.verify(1, 1, ROOT2, ROOT2, List.of()))
                .doesNotThrowAnyException();

        assertFails(0, 0, EMPTY, ROOT2, List.of(), "two trees of size 0 have different roots");
        assertFails(0, 0, ROOT1, ROOT1, List.of(), "the root of the empty tree is");
        assertFails(
                1,
                1,
                ROOT1,
                ROOT2,
                List.of(),
                "two trees of size 1 have different roots: old "
                        + HexFormat.of().formatHex(ROOT1) + ", new "
                        + HexFormat.of().formatHex(ROOT2));
        assertFails(0, 1, ROOT1, ROOT2, List.of(), "the root of the empty tree is");
        assertFails(1, 0, ROOT1, ROOT2, List.of(), "a tree of size 0 cannot extend a tree of size 1");
        assertFails(2, 1, ROOT1, ROOT2, List.of(), "cannot extend");
        assertFails(-1, 1, ROOT1, ROOT2, List.of(), "cannot extend");
        assertFails(1, 2, ROOT1, ROOT2, List.of(), "from size 1 to size 2 has 1 hashes, got 0");
        assertFails(0, 0, EMPTY, EMPTY, List.of(EMPTY), "has 0 hashes, got 1");
        assertFails(0, 1, EMPTY, EMPTY, List.of(EMPTY), "has 0 hashes, got 1");
        assertFails(1, 1, EMPTY, EMPTY, List.of(EMPTY), "has 0 hashes, got 1");
        assertFails(1, 1, new byte[31], new byte[31], List.of(), "old root hash must be 32 bytes, got 31");
    }

    @Test
    void verify_wrongNewRoot_namesExpectedAndCalculatedRoots() {
        Rfc6962Vectors.Consistency vector = CONSISTENCY_PROOFS.get(2);
        assertFails(
                6,
                8,
                ROOTS.get(5),
                SOME_HASH,
                vector.proof(),
                "expected new root " + HexFormat.of().formatHex(SOME_HASH) + ", the proof yields "
                        + HexFormat.of().formatHex(ROOTS.get(7)));
    }

    private static void assertFails(
            long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof, String message) {
        assertThatThrownBy(() -> ConsistencyProofVerifier.verify(oldSize, newSize, oldRoot, newRoot, proof))
                .isInstanceOf(ConsistencyProofException.class)
                .hasMessageContaining(message);
    }

    /** Every way transparency-dev/merkle's verify_test.go corrupts a consistency proof, and a flip of every byte. */
    static Map<String, ThrowingCallable> corruptions(
            long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
        Map<String, ThrowingCallable> probes = new LinkedHashMap<>();
        probes.put("oldSize - 1", verification(oldSize - 1, newSize, oldRoot, newRoot, proof));
        probes.put("oldSize + 1", verification(oldSize + 1, newSize, oldRoot, newRoot, proof));
        probes.put("oldSize ^ 2", verification(oldSize ^ 2, newSize, oldRoot, newRoot, proof));
        probes.put("newSize * 2", verification(oldSize, newSize * 2, oldRoot, newRoot, proof));
        probes.put("newSize / 2", verification(oldSize, newSize / 2, oldRoot, newRoot, proof));
        probes.put("other old root", verification(oldSize, newSize, SOME_HASH, newRoot, proof));
        probes.put("other new root", verification(oldSize, newSize, oldRoot, SOME_HASH, proof));
        probes.put("swapped roots", verification(oldSize, newSize, newRoot, oldRoot, proof));
        probes.put("empty proof", verification(oldSize, newSize, oldRoot, newRoot, List.of()));
        probes.put(
                "trailing empty",
                verification(oldSize, newSize, oldRoot, newRoot, with(proof, proof.size(), new byte[0])));
        probes.put(
                "trailing old root",
                verification(oldSize, newSize, oldRoot, newRoot, with(proof, proof.size(), oldRoot)));
        probes.put(
                "trailing new root",
                verification(oldSize, newSize, oldRoot, newRoot, with(proof, proof.size(), newRoot)));
        probes.put("preceding empty", verification(oldSize, newSize, oldRoot, newRoot, with(proof, 0, new byte[0])));
        probes.put("preceding old root", verification(oldSize, newSize, oldRoot, newRoot, with(proof, 0, oldRoot)));
        probes.put("preceding new root", verification(oldSize, newSize, oldRoot, newRoot, with(proof, 0, newRoot)));
        probes.put(
                "preceding proof[0]", verification(oldSize, newSize, oldRoot, newRoot, with(proof, 0, proof.get(0))));
        probes.put(
                "removed last", verification(oldSize, newSize, oldRoot, newRoot, proof.subList(0, proof.size() - 1)));
        for (int i = 0; i < proof.size(); i++) {
            for (int b = 0; b < 32; b++) {
                probes.put(
                        "proof[" + i + "] byte " + b,
                        verification(oldSize, newSize, oldRoot, newRoot, flipped(proof, i, b)));
            }
        }
        for (int b = 0; b < 32; b++) {
            probes.put("old root byte " + b, verification(oldSize, newSize, flipped(oldRoot, b), newRoot, proof));
            probes.put("new root byte " + b, verification(oldSize, newSize, oldRoot, flipped(newRoot, b), proof));
        }
        return probes;
    }

    private static ThrowingCallable verification(
            long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
        return () -> ConsistencyProofVerifier.verify(oldSize, newSize, oldRoot, newRoot, proof);
    }
}
