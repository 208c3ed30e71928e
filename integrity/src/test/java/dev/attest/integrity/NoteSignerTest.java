package dev.attest.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoteSignerTest {
    /** The key pair and note of golang.org/x/mod/sumdb/note (note.go documentation and note_test.go). */
    static final String PETER_PRIVATE_KEY =
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

    static final String PETER_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String TEXT = """
            If you think cryptography is the answer to your problem,
            then you don't know what your problem is.
            """;
    static final String PETER_SIGNATURE =
            "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void sign_goReferenceKey_producesGoReferenceNote() {
        // Ed25519 is deterministic (RFC 8032 §5.1.6), so the published note is reproduced byte for byte.
        NoteSigner signer = NoteSigner.fromPrivateKey(PETER_PRIVATE_KEY);
        assertThat(signer.sign(TEXT)).isEqualTo(TEXT + "\n" + PETER_SIGNATURE);
        assertThat(signer.name()).isEqualTo("PeterNeumann");
        assertThat(signer.verifierKey()).isEqualTo(PETER_VERIFIER_KEY);
    }

    @Test
    void generatePrivateKey_newKey_signsNotesItsVerifierAccepts() throws CheckpointSignatureException {
        String privateKey = NoteSigner.generatePrivateKey("attest.example/org_01JD");
        assertThat(privateKey)
                .startsWith("PRIVATE+KEY+attest.example/org_01JD+")
                .hasSize(89);
        NoteSigner signer = NoteSigner.fromPrivateKey(privateKey);
        NoteVerifier verifier = NoteVerifier.fromVerifierKey(signer.verifierKey());

        String note = signer.sign("hello\n");
        assertThat(verifier.verify(note)).isEqualTo("hello\n");
        assertThat(NoteSigner.generatePrivateKey("attest.example/org_01JD")).isNotEqualTo(privateKey);
    }

    @Test
    void sign_textWithBlankLines_verifiesToTheSameText() throws CheckpointSignatureException {
        NoteSigner signer = NoteSigner.fromPrivateKey(PETER_PRIVATE_KEY);
        NoteVerifier verifier = NoteVerifier.fromVerifierKey(PETER_VERIFIER_KEY);
        for (String text : List.of("a\n\nb\n", "a\n\n", "\n", "\u00e9\ud83d\ude00\n")) {
            assertThat(verifier.verify(signer.sign(text))).as(text).isEqualTo(text);
        }
    }

    @Test
    void sign_textBreakingTheFormat_throws() {
        NoteSigner signer = NoteSigner.fromPrivateKey(PETER_PRIVATE_KEY);
        assertThatThrownBy(() -> signer.sign("no newline"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must end with a newline");
        assertThatThrownBy(() -> signer.sign(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must end with a newline");
        assertThatThrownBy(() -> signer.sign("tab\there\n")).hasMessageContaining("control character U+0009");
        assertThatThrownBy(() -> signer.sign("\ud800\n")).hasMessageContaining("unpaired surrogate U+D800");
    }

    @Test
    void generatePrivateKey_invalidName_throws() {
        for (String name : List.of("", "a b", "a+b", "a\u00a0b", "a\u2003b", "a\u3000b", "a\u0085b", "a\tb")) {
            assertThatThrownBy(() -> NoteSigner.generatePrivateKey(name))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("c2sp.org/signed-note");
        }
    }

    @Test
    void fromPrivateKey_everyTruncationOrChangedCharacter_throws() {
        // As golang.org/x/mod/sumdb/note's TestNewSigner: no substring or changed character is a valid key.
        for (String mangled : manglings(PETER_PRIVATE_KEY)) {
            assertThatThrownBy(() -> NoteSigner.fromPrivateKey(mangled))
                    .as(mangled)
                    .isInstanceOf(IllegalArgumentException.class)
                    .message()
                    .doesNotContain("AYEKFALVFGyNhPJEMzD1QIDr");
        }
    }

    @Test
    void toString_always_hidesThePrivateKey() {
        assertThat(NoteSigner.fromPrivateKey(PETER_PRIVATE_KEY).toString())
                .isEqualTo("NoteSigner[PeterNeumann+c74f20a3]");
    }

    /** Every proper substring, and the string with each character incremented. */
    static List<String> manglings(String key) {
        List<String> mangled = new ArrayList<>();
        for (int start = 0; start < key.length(); start++) {
            for (int end = start + 1; end <= key.length(); end++) {
                if (start != 0 || end != key.length()) {
                    mangled.add(key.substring(start, end));
                }
            }
        }
        for (int i = 0; i < key.length(); i++) {
            mangled.add(key.substring(0, i) + (char) (key.charAt(i) + 1) + key.substring(i + 1));
        }
        return mangled;
    }
}
