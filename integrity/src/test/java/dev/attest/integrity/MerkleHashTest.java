package dev.attest.integrity;

import static dev.attest.integrity.Rfc6962Vectors.NODES;
import static dev.attest.integrity.Rfc6962Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MerkleHashTest {
    @Test
    void leaf_emptyInput_isSha256OfZeroByte() {
        assertThat(MerkleHash.leaf(new byte[0]))
                .isEqualTo(hex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"));
    }

    @Test
    void leaf_rfc6962Inputs_matchPublishedLeafHashes() {
        assertThat(Rfc6962Vectors.leafHashes()).containsExactlyElementsOf(NODES.get(0));
    }

    @Test
    void node_firstTwoLeaves_matchesPublishedNode() {
        assertThat(MerkleHash.node(NODES.get(0).get(0), NODES.get(0).get(1)))
                .isEqualTo(NODES.get(1).get(0));
    }

    @Test
    void node_swappedChildren_differs() {
        assertThat(MerkleHash.node(NODES.get(0).get(1), NODES.get(0).get(0)))
                .isNotEqualTo(NODES.get(1).get(0));
    }

    @Test
    void leaf_sameBytesAsNodeInput_differsFromNode() {
        // The 0x00 / 0x01 prefixes: a 64-byte leaf made of two hashes must not hash to their parent node.
        byte[] left = NODES.get(0).get(0);
        byte[] right = NODES.get(0).get(1);
        byte[] concatenated = new byte[64];
        System.arraycopy(left, 0, concatenated, 0, 32);
        System.arraycopy(right, 0, concatenated, 32, 32);
        assertThat(MerkleHash.leaf(concatenated)).isNotEqualTo(MerkleHash.node(left, right));
    }

    @Test
    void emptyRoot_always_isSha256OfEmptyString() {
        assertThat(MerkleHash.emptyRoot()).isEqualTo(Rfc6962Vectors.EMPTY_ROOT);
    }

    @Test
    void emptyRoot_modifiedByCaller_staysIntact() {
        MerkleHash.emptyRoot()[0] ^= 1;
        assertThat(MerkleHash.emptyRoot()).isEqualTo(Rfc6962Vectors.EMPTY_ROOT);
    }

    @Test
    void node_childNot32Bytes_throws() {
        assertThatThrownBy(() -> MerkleHash.node(new byte[31], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("left hash must be 32 bytes, got 31");
        assertThatThrownBy(() -> MerkleHash.node(new byte[32], new byte[33]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("right hash must be 32 bytes, got 33");
    }
}
