package dev.attest.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    /** The example of c2sp.org/tlog-checkpoint. */
    private static final String SPEC_EXAMPLE =
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    private static final byte[] ROOT = Rfc6962Vectors.ROOTS.get(7);

    @Test
    void parse_specExample_readsOriginSizeAndRoot() throws CheckpointFormatException {
        Checkpoint checkpoint = Checkpoint.parse(SPEC_EXAMPLE);
        assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
        assertThat(checkpoint.size()).isEqualTo(20852163);
        assertThat(checkpoint.rootHash())
                .isEqualTo(Base64.getDecoder().decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));
        assertThat(checkpoint.extensions()).isEmpty();
        assertThat(checkpoint.format()).isEqualTo(SPEC_EXAMPLE);
    }

    @Test
    void format_withExtensions_roundTripsThroughParse() throws CheckpointFormatException {
        Checkpoint checkpoint = new Checkpoint("attest.example/org_01JD", 8, ROOT, List.of("ext one", "\u2014 two"));
        assertThat(checkpoint.format()).isEqualTo("""
                        attest.example/org_01JD
                        8
                        XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
                        ext one
                        \u2014 two
                        """);
        assertThat(Checkpoint.parse(checkpoint.format())).isEqualTo(checkpoint);
    }

    @Test
    void parse_emptyTree_acceptsSizeZero() throws CheckpointFormatException {
        String text = "log\n0\n" + Base64.getEncoder().encodeToString(MerkleHash.emptyRoot()) + "\n";
        assertThat(Checkpoint.parse(text).size()).isZero();
    }

    @Test
    void parse_brokenRules_namesTheRule() {
        String root = "\n" + Base64.getEncoder().encodeToString(ROOT) + "\n";
        assertParseFails("log\n8" + root.stripTrailing(), "must end with a newline");
        assertParseFails("log\n8\n", "at least three lines: origin, tree size and root hash, got 2");
        assertParseFails("\n8" + root, "the origin (line 1) must be non-empty");
        for (String size : List.of("", "08", "-1", "+1", " 1", "1 ", "1a", "\u0661", "0x10", "1e3")) {
            assertParseFails(
                    "log\n" + size + root, "the tree size (line 2) must be ASCII decimal without leading zeroes");
        }
        assertParseFails("log\n9223372036854775808" + root, "exceeds 2^63 - 1");
        assertParseFails("log\n8\nnot base64!\n", "the root hash (line 3) must be the base64 of 32 bytes");
        assertParseFails("log\n8\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n", "base64 of 32 bytes");
        assertParseFails(
                "log\n8\n" + Base64.getEncoder().withoutPadding().encodeToString(ROOT) + "\n", "base64 of 32 bytes");
        assertParseFails("log\n8" + root + "\n", "extension lines must be non-empty, line 4 is empty");
        assertParseFails("log\r\n8" + root, "must not contain the control character U+000D (at index 3)");
    }

    @Test
    void parse_nonCanonicalBase64_fails() {
        // Same bytes with non-zero padding bits: a second spelling of one root must not parse.
        String canonical = Base64.getEncoder().encodeToString(ROOT);
        char last = canonical.charAt(canonical.length() - 2);
        String other = canonical.substring(0, canonical.length() - 2) + (char) (last + 1) + "=";
        assertThat(Base64.getDecoder().decode(other)).isEqualTo(ROOT);
        assertParseFails("log\n8\n" + other + "\n", "base64 of 32 bytes");
    }

    @Test
    void new_brokenRules_throws() {
        assertThatThrownBy(() -> new Checkpoint("", 1, ROOT)).hasMessageContaining("origin must be non-empty");
        assertThatThrownBy(() -> new Checkpoint("a\nb", 1, ROOT)).hasMessageContaining("control character U+000A");
        assertThatThrownBy(() -> new Checkpoint("log", -1, ROOT)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new Checkpoint("log", 1, new byte[31])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new Checkpoint("log", 1, ROOT, List.of(""))).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> new Checkpoint("log\ud800", 1, ROOT)).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void rootHash_modifiedByCaller_checkpointUnchanged() {
        byte[] root = ROOT.clone();
        Checkpoint checkpoint = new Checkpoint("log", 8, root);
        root[0] ^= 1;
        checkpoint.rootHash()[1] ^= 1;
        assertThat(checkpoint.rootHash()).isEqualTo(ROOT);
    }

    @Test
    void equals_sameValues_isEqualWithSameHashCode() {
        Checkpoint one = new Checkpoint("log", 8, ROOT.clone());
        Checkpoint two = new Checkpoint("log", 8, ROOT.clone());
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two).isNotEqualTo(new Checkpoint("log", 7, ROOT));
        assertThat(one.toString())
                .isEqualTo("Checkpoint[origin=log, size=8, rootHash=XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=]");
    }

    private static void assertParseFails(String text, String message) {
        assertThatThrownBy(() -> Checkpoint.parse(text))
                .as(text)
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining(message);
    }
}
