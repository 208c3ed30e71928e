package dev.attest.integrity;

import static dev.attest.integrity.NoteFormat.ED25519;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;

/**
 * Signs notes (c2sp.org/signed-note) with an Ed25519 key, such as checkpoints ({@link Checkpoint#format()}).
 *
 * <p>Keys are written as in golang.org/x/mod/sumdb/note: the private key as {@code
 * PRIVATE+KEY+<name>+<key ID as 8 hex digits>+<base64(0x01 || 32-byte seed)>}, the matching {@linkplain
 * #verifierKey() verifier key} as {@code <name>+<key ID>+<base64(0x01 || 32-byte public key)>}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the private key.
 */
public final class NoteSigner {
    private static final String PRIVATE_KEY_PREFIX = "PRIVATE+KEY+";
    private static final String PRIVATE_KEY_FORM =
            "a private key has the form PRIVATE+KEY+<name>+<8 hex digits>+<base64 of 0x01 and a 32-byte seed>: ";

    private final String name;
    private final int keyId;
    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private NoteSigner(String name, KeyPair pair) {
        this.name = name;
        this.privateKey = pair.getPrivate();
        this.publicKey = Ed25519.raw(pair.getPublic());
        this.keyId = NoteFormat.keyId(name, ED25519, publicKey);
    }

    /**
     * Generates a new Ed25519 key named {@code name} and returns its private key string; keep it secret.
     *
     * @throws IllegalArgumentException if the name is empty or contains Unicode spaces or '+'
     */
    public static String generatePrivateKey(String name) {
        NoteFormat.requireKeyName(name);
        KeyPair pair = Ed25519.generate();
        NoteSigner signer = new NoteSigner(name, pair);
        return PRIVATE_KEY_PREFIX + name + "+" + NoteFormat.keyIdHex(signer.keyId) + "+"
                + NoteFormat.encodeBase64(NoteFormat.typedEd25519(Ed25519.seed(pair.getPrivate())));
    }

    /**
     * Reads a private key string. The key ID must match the name and the public key derived from the seed.
     *
     * @throws IllegalArgumentException naming the broken rule (never showing the key) if the string is not a valid
     *     Ed25519 private key
     */
    public static NoteSigner fromPrivateKey(String privateKey) {
        if (!privateKey.startsWith(PRIVATE_KEY_PREFIX)) {
            throw new IllegalArgumentException(PRIVATE_KEY_FORM + "it does not start with PRIVATE+KEY+");
        }
        String rest = privateKey.substring(PRIVATE_KEY_PREFIX.length());
        int plus = rest.indexOf('+');
        if (plus < 0) {
            throw new IllegalArgumentException(PRIVATE_KEY_FORM + "no '+' after the name");
        }
        String name = rest.substring(0, plus);
        String problem = NoteFormat.keyNameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(PRIVATE_KEY_FORM + problem);
        }
        String idAndKey = rest.substring(plus + 1);
        Integer keyId = NoteFormat.keyIdBeforePlus(idAndKey);
        if (keyId == null) {
            throw new IllegalArgumentException(PRIVATE_KEY_FORM + "no 8 lowercase hex digits and '+' after the name");
        }
        byte[] seed = NoteFormat.untypedEd25519(
                NoteFormat.decodeBase64(idAndKey.substring(NoteFormat.KEY_ID_HEX_LENGTH + 1)));
        if (seed == null) {
            throw new IllegalArgumentException(
                    PRIVATE_KEY_FORM + "the key is not the canonical base64 of 0x01 and 32 bytes");
        }
        NoteSigner signer = new NoteSigner(name, Ed25519.fromSeed(seed));
        if (signer.keyId != keyId) {
            throw new IllegalArgumentException(PRIVATE_KEY_FORM + "the key ID does not match the name and the key");
        }
        return signer;
    }

    /** The key name, which appears in every signature line. */
    public String name() {
        return name;
    }

    /** The verifier key string that {@link NoteVerifier#fromVerifierKey} reads; safe to publish. */
    public String verifierKey() {
        return name + "+" + NoteFormat.keyIdHex(keyId) + "+"
                + NoteFormat.encodeBase64(NoteFormat.typedEd25519(publicKey));
    }

    /**
     * Signs {@code text} and returns the signed note: the text, a blank line, and the signature line {@code — <name>
     * <base64(key ID || Ed25519 signature)>} (c2sp.org/signed-note, Format).
     *
     * @throws IllegalArgumentException if the text does not end with a newline, or contains a control character other
     *     than newline or an unpaired surrogate
     */
    public String sign(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a note text must end with a newline (c2sp.org/signed-note, Format)");
        }
        String invalid = NoteFormat.invalidCharacter(text, true);
        if (invalid != null) {
            throw new IllegalArgumentException(
                    "a note text must not contain " + invalid + " (c2sp.org/signed-note, Format)");
        }
        byte[] signature = Ed25519.sign(privateKey, text.getBytes(StandardCharsets.UTF_8));
        byte[] keyIdAndSignature = ByteBuffer.allocate(4 + signature.length)
                .putInt(keyId)
                .put(signature)
                .array();
        return text + "\n\u2014 " + name + " " + NoteFormat.encodeBase64(keyIdAndSignature) + "\n";
    }

    @Override
    public String toString() {
        return "NoteSigner[" + name + "+" + NoteFormat.keyIdHex(keyId) + "]";
    }
}
