package dev.attest.integrity;

import static dev.attest.integrity.CheckpointSignatureException.Reason.BAD_SIGNATURE;
import static dev.attest.integrity.CheckpointSignatureException.Reason.MALFORMED;
import static dev.attest.integrity.CheckpointSignatureException.Reason.UNKNOWN_KEY;
import static dev.attest.integrity.NoteFormat.ED25519;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Verifies signed notes (c2sp.org/signed-note), such as checkpoints, against one trusted Ed25519 key, given as a
 * verifier key string {@code <name>+<key ID as 8 hex digits>+<base64(0x01 || 32-byte public key)>}.
 *
 * <p>Immutable and thread-safe.
 */
public final class NoteVerifier {
    /** The spec asks verifiers to accept at least 16 signatures; golang.org/x/mod/sumdb/note accepts 100. */
    static final int MAX_SIGNATURES = 100;

    private static final String SIGNATURE_LINE_PREFIX = "\u2014 ";
    private static final String VERIFIER_KEY_FORM =
            "a verifier key has the form <name>+<8 hex digits>+<base64 of 0x01 and a 32-byte public key>: ";

    private final String name;
    private final int keyId;
    private final byte[] publicKey;
    private final PublicKey key;

    private NoteVerifier(String name, int keyId, byte[] publicKey) {
        this.name = name;
        this.keyId = keyId;
        this.publicKey = publicKey;
        this.key = Ed25519.publicKey(publicKey);
    }

    /**
     * Reads a verifier key string. The key ID must match the name and the key.
     *
     * @throws IllegalArgumentException naming the broken rule if the string is not a valid Ed25519 verifier key
     */
    public static NoteVerifier fromVerifierKey(String verifierKey) {
        int plus = verifierKey.indexOf('+');
        if (plus < 0) {
            throw new IllegalArgumentException(VERIFIER_KEY_FORM + "no '+' after the name");
        }
        String name = verifierKey.substring(0, plus);
        String problem = NoteFormat.keyNameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(VERIFIER_KEY_FORM + problem);
        }
        String idAndKey = verifierKey.substring(plus + 1);
        Integer keyId = NoteFormat.keyIdBeforePlus(idAndKey);
        if (keyId == null) {
            throw new IllegalArgumentException(VERIFIER_KEY_FORM + "no 8 lowercase hex digits and '+' after the name");
        }
        byte[] publicKey = NoteFormat.untypedEd25519(
                NoteFormat.decodeBase64(idAndKey.substring(NoteFormat.KEY_ID_HEX_LENGTH + 1)));
        if (publicKey == null) {
            throw new IllegalArgumentException(
                    VERIFIER_KEY_FORM + "the key is not the canonical base64 of 0x01 and 32 bytes");
        }
        if (NoteFormat.keyId(name, ED25519, publicKey) != keyId) {
            throw new IllegalArgumentException(VERIFIER_KEY_FORM + "the key ID does not match the name and the key");
        }
        return new NoteVerifier(name, keyId, publicKey);
    }

    /** The key name that signature lines of this key carry. */
    public String name() {
        return name;
    }

    /** This key as a verifier key string. */
    public String verifierKey() {
        return name + "+" + NoteFormat.keyIdHex(keyId) + "+"
                + NoteFormat.encodeBase64(NoteFormat.typedEd25519(publicKey));
    }

    /** Verifies a signed note given as text; see {@link #verify(byte[])}. */
    public String verify(String signedNote) throws CheckpointSignatureException {
        String invalid = NoteFormat.invalidCharacter(signedNote, true);
        if (invalid != null) {
            throw malformed("a signed note must not contain " + invalid);
        }
        return verify(signedNote.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Verifies a signed note and returns its text (ending with a newline, without the blank line and signatures). The
     * text must not be used unless this returns (c2sp.org/signed-note).
     *
     * <p>Signatures of other keys are ignored, even if they share this key's name or key ID but not both. The note is
     * rejected unless some signature line names this key and verifies, and rejected if any line that names this key
     * does not verify.
     *
     * @throws CheckpointSignatureException with reason {@link CheckpointSignatureException.Reason#MALFORMED} if the
     *     note breaks the format, {@link CheckpointSignatureException.Reason#UNKNOWN_KEY} if no line names this key,
     *     {@link CheckpointSignatureException.Reason#BAD_SIGNATURE} if a line of this key does not verify
     */
    public String verify(byte[] signedNote) throws CheckpointSignatureException {
        String note = decodeUtf8(signedNote);
        String invalid = NoteFormat.invalidCharacter(note, true);
        if (invalid != null) {
            throw malformed("a signed note must not contain " + invalid);
        }
        // "the text is separated from the signatures by the last empty line in the note"
        int blankLine = note.lastIndexOf("\n\n");
        if (blankLine < 0) {
            throw malformed("no blank line separates the text from the signatures");
        }
        String text = note.substring(0, blankLine + 1);
        String signatures = note.substring(blankLine + 2);
        if (signatures.isEmpty()) {
            throw malformed("no signature line follows the blank line");
        }
        if (!signatures.endsWith("\n")) {
            throw malformed("the last signature line does not end with a newline");
        }
        String[] lines = signatures.substring(0, signatures.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw malformed("more than " + MAX_SIGNATURES + " signature lines");
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        boolean verified = false;
        Set<String> otherKeys = new LinkedHashSet<>();
        for (int i = 0; i < lines.length; i++) {
            SignatureLine line = SignatureLine.parse(lines[i], i + 1);
            if (!line.name.equals(name) || line.keyId != keyId) {
                otherKeys.add(line.name + "+" + NoteFormat.keyIdHex(line.keyId));
            } else if (Ed25519.verify(key, message, line.signature)) {
                verified = true;
            } else {
                throw new CheckpointSignatureException(
                        BAD_SIGNATURE, "signature line " + (i + 1) + " of key " + keyName() + " does not verify");
            }
        }
        if (!verified) {
            throw new CheckpointSignatureException(
                    UNKNOWN_KEY, "no signature of key " + keyName() + "; the note is signed by " + otherKeys);
        }
        return text;
    }

    @Override
    public String toString() {
        return "NoteVerifier[" + keyName() + "]";
    }

    private String keyName() {
        return name + "+" + NoteFormat.keyIdHex(keyId);
    }

    private static String decodeUtf8(byte[] bytes) throws CheckpointSignatureException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("a signed note must be valid UTF-8");
        }
    }

    private static CheckpointSignatureException malformed(String problem) {
        return new CheckpointSignatureException(MALFORMED, problem + " (c2sp.org/signed-note, Format)");
    }

    /** One line "— <key name> base64(32-bit key ID || signature)" (c2sp.org/signed-note, Signatures). */
    private static final class SignatureLine {
        final String name;
        final int keyId;
        final byte[] signature;

        private SignatureLine(String name, int keyId, byte[] signature) {
            this.name = name;
            this.keyId = keyId;
            this.signature = signature;
        }

        static SignatureLine parse(String line, int number) throws CheckpointSignatureException {
            if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
                throw malformed("signature line " + number + " does not start with an em dash (U+2014) and a space");
            }
            int space = line.indexOf(' ', SIGNATURE_LINE_PREFIX.length());
            if (space < 0) {
                throw malformed("signature line " + number + " has no space between key name and signature");
            }
            String name = line.substring(SIGNATURE_LINE_PREFIX.length(), space);
            String problem = NoteFormat.keyNameProblem(name);
            if (problem != null) {
                throw malformed("signature line " + number + ": " + problem);
            }
            byte[] decoded = NoteFormat.decodeBase64(line.substring(space + 1));
            // At least the 4-byte key ID and one byte of signature.
            if (decoded == null || decoded.length < 5) {
                throw malformed("signature line " + number
                        + " does not end with the canonical base64 of a key ID and a signature");
            }
            int keyId = ByteBuffer.wrap(decoded).getInt();
            return new SignatureLine(name, keyId, Arrays.copyOfRange(decoded, 4, decoded.length));
        }
    }
}
