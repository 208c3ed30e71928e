package dev.attest.integrity;

import static dev.attest.integrity.CheckpointSignatureException.Reason.BAD_SIGNATURE;
import static dev.attest.integrity.CheckpointSignatureException.Reason.MALFORMED;
import static dev.attest.integrity.CheckpointSignatureException.Reason.UNKNOWN_KEY;
import static dev.attest.integrity.NoteSignerTest.PETER_PRIVATE_KEY;
import static dev.attest.integrity.NoteSignerTest.PETER_SIGNATURE;
import static dev.attest.integrity.NoteSignerTest.PETER_VERIFIER_KEY;
import static dev.attest.integrity.NoteSignerTest.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class NoteVerifierTest {
    /** The second key of golang.org/x/mod/sumdb/note's note_test.go, and its signature of the same text. */
    private static final String ENOCH_VERIFIER_KEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

    private static final String ENOCH_SIGNATURE =
            "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private static final String PETER_NOTE = TEXT + "\n" + PETER_SIGNATURE;

    private final NoteVerifier peter = NoteVerifier.fromVerifierKey(PETER_VERIFIER_KEY);
    private final NoteVerifier enoch = NoteVerifier.fromVerifierKey(ENOCH_VERIFIER_KEY);

    @Test
    void verify_goReferenceNote_returnsText() throws CheckpointSignatureException {
        assertThat(peter.verify(PETER_NOTE)).isEqualTo(TEXT);
        assertThat(peter.verify(PETER_NOTE.getBytes(StandardCharsets.UTF_8))).isEqualTo(TEXT);
        assertThat(peter.name()).isEqualTo("PeterNeumann");
        assertThat(peter.verifierKey()).isEqualTo(PETER_VERIFIER_KEY);
    }

    @Test
    void verify_noteSignedByTwoKeys_eachVerifierAcceptsIt() throws CheckpointSignatureException {
        String note = TEXT + "\n" + PETER_SIGNATURE + ENOCH_SIGNATURE;
        assertThat(peter.verify(note)).isEqualTo(TEXT);
        assertThat(enoch.verify(note)).isEqualTo(TEXT);
    }

    @Test
    void verify_onlyOtherKeysSigned_failsAsUnknownKey() {
        assertFails(
                () -> peter.verify(TEXT + "\n" + ENOCH_SIGNATURE),
                UNKNOWN_KEY,
                "no signature of key PeterNeumann+c74f20a3; the note is signed by [EnochRoot+af0cfe78]");
    }

    @Test
    void verify_sameNameOtherKeyId_isIgnored() {
        // Another key named PeterNeumann: its line must be ignored, not checked against this key.
        NoteSigner impostor = NoteSigner.fromPrivateKey(NoteSigner.generatePrivateKey("PeterNeumann"));
        assertFails(() -> peter.verify(impostor.sign(TEXT)), UNKNOWN_KEY, "no signature of key PeterNeumann+c74f20a3");
    }

    @Test
    void verify_badSignatureOfTrustedKey_failsEvenNextToAGoodOne() {
        // The invalid signature of golang.org/x/mod/sumdb/note's TestOpen: four base64 characters inserted.
        String bad = PETER_SIGNATURE.substring(0, 60) + "ABCD" + PETER_SIGNATURE.substring(60);
        assertFails(
                () -> peter.verify(TEXT + "\n" + bad),
                BAD_SIGNATURE,
                "signature line 1 of key PeterNeumann+c74f20a3 does not verify");
        assertFails(() -> peter.verify(TEXT + "\n" + PETER_SIGNATURE + bad), BAD_SIGNATURE, "signature line 2");
    }

    @Test
    void verify_otherText_failsAsBadSignature() {
        assertFails(() -> peter.verify("Some other text.\n\n" + PETER_SIGNATURE), BAD_SIGNATURE, "does not verify");
    }

    @Test
    void verify_malformedNotesOfGoTests_failAsMalformed() {
        List<String> malformed = List.of(
                TEXT,
                TEXT + "\n",
                TEXT + "\n" + PETER_SIGNATURE.substring(0, PETER_SIGNATURE.length() - 1),
                "\u0001" + TEXT + "\n" + PETER_SIGNATURE,
                TEXT + "\n"
                        + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
                TEXT + "\n" + PETER_SIGNATURE + "Unexpected line.\n",
                TEXT + "\n" + PETER_SIGNATURE.repeat(101));
        for (String note : malformed) {
            assertThatThrownBy(() -> peter.verify(note))
                    .as(note)
                    .isInstanceOfSatisfying(
                            CheckpointSignatureException.class,
                            e -> assertThat(e.reason()).isEqualTo(MALFORMED));
        }
        byte[] invalidUtf8 = ("\u00ff" + PETER_NOTE).getBytes(StandardCharsets.ISO_8859_1);
        assertFails(() -> peter.verify(invalidUtf8), MALFORMED, "must be valid UTF-8");
    }

    @Test
    void verify_malformedLines_nameTheRule() {
        assertFails(() -> peter.verify(TEXT), MALFORMED, "no blank line separates the text from the signatures");
        assertFails(() -> peter.verify(TEXT + "\n"), MALFORMED, "no signature line follows the blank line");
        assertFails(() -> peter.verify(TEXT + "\n- PeterNeumann AAAA\n"), MALFORMED, "does not start with an em dash");
        assertFails(() -> peter.verify(TEXT + "\n\u2014 PeterNeumann\n"), MALFORMED, "no space between");
        assertFails(() -> peter.verify(TEXT + "\n\u2014 Peter+Neumann AAAAAAA=\n"), MALFORMED, "'+'");
        assertFails(() -> peter.verify(TEXT + "\n\u2014  AAAAAAA=\n"), MALFORMED, "must not be empty");
        assertFails(() -> peter.verify(TEXT + "\n\u2014 PeterNeumann AAAA\n"), MALFORMED, "key ID and a signature");
        assertFails(() -> peter.verify(TEXT + "\n\u2014 PeterNeumann AAAAAAA\n"), MALFORMED, "canonical base64");
        assertFails(() -> peter.verify("a\rb\n\n" + PETER_SIGNATURE), MALFORMED, "control character U+000D");
        assertFails(() -> peter.verify("\ud800\n\n" + PETER_SIGNATURE), MALFORMED, "unpaired surrogate U+D800");
    }

    @Test
    void verify_everyByteOfSignedNoteFlipped_fails() {
        for (String note : List.of(PETER_NOTE, signedCheckpoint())) {
            byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i++) {
                for (int mask : new int[] {0x01, 0x80}) {
                    byte[] flipped = bytes.clone();
                    flipped[i] ^= (byte) mask;
                    int position = i;
                    assertThatThrownBy(() -> peter.verify(flipped))
                            .as("byte %d xor %02x", position, mask)
                            .isInstanceOf(CheckpointSignatureException.class);
                }
            }
        }
    }

    @Test
    void verify_signedCheckpoint_parsesBackToTheCheckpoint() throws Exception {
        Checkpoint checkpoint = new Checkpoint("PeterNeumann", 8, Rfc6962Vectors.ROOTS.get(7));
        assertThat(Checkpoint.parse(peter.verify(signedCheckpoint()))).isEqualTo(checkpoint);
    }

    @Test
    void fromVerifierKey_keysOfOtherImplementations_areAccepted() {
        // The example key of c2sp.org/signed-note, and a key of transparency-dev/formats' tests whose base64 has a '+'.
        for (String key : List.of(
                "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
                "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6",
                ENOCH_VERIFIER_KEY)) {
            assertThat(NoteVerifier.fromVerifierKey(key).verifierKey()).isEqualTo(key);
        }
    }

    @Test
    void fromVerifierKey_everyTruncationOrChangedCharacter_throws() {
        // As golang.org/x/mod/sumdb/note's TestNewVerifier.
        for (String mangled : NoteSignerTest.manglings(PETER_VERIFIER_KEY)) {
            assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(mangled))
                    .as(mangled)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(
                        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="))
                .hasMessageContaining("0x01 and 32 bytes");
        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(
                        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("0x01 and 32 bytes");
        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(
                        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("8 lowercase hex digits");
        assertThatThrownBy(() -> NoteVerifier.fromVerifierKey(
                        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("the key ID does not match the name and the key");
    }

    private static String signedCheckpoint() {
        return NoteSigner.fromPrivateKey(PETER_PRIVATE_KEY)
                .sign(new Checkpoint("PeterNeumann", 8, Rfc6962Vectors.ROOTS.get(7)).format());
    }

    private static void assertFails(
            ThrowingCallable verify, CheckpointSignatureException.Reason reason, String message) {
        assertThatThrownBy(verify)
                .isInstanceOfSatisfying(
                        CheckpointSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }
}
