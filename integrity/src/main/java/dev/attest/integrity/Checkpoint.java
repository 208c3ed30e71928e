package dev.attest.integrity;

import static dev.attest.integrity.MerkleHash.SIZE;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A checkpoint: the note text stating that the log {@code origin} has {@code size} leaves and root hash {@code
 * rootHash} (c2sp.org/tlog-checkpoint, Note text). Sign it with {@link NoteSigner#sign}({@link #format()}); read one
 * with {@link #parse}({@link NoteVerifier#verify}(signedNote)), since a note's text must not be used before its
 * signature is verified.
 *
 * <p>Immutable: the root hash is copied in and out.
 */
public final class Checkpoint {
    private static final String SPEC = " (c2sp.org/tlog-checkpoint, Note text)";

    private final String origin;
    private final long size;
    private final byte[] rootHash;
    private final List<String> extensions;

    /**
     * A checkpoint with extension lines.
     *
     * @param origin the log's identity, non-empty, e.g. {@code attest.example/org_01JD}
     * @param size the number of leaves, not negative
     * @param rootHash the RFC 9162 root hash of the tree of {@code size} leaves, 32 bytes
     * @param extensions opaque non-empty lines after the root hash; their use is NOT RECOMMENDED by the spec
     * @throws IllegalArgumentException if a value breaks a rule of the spec, or a line contains a control character
     */
    public Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
        requireLine(origin, "origin");
        if (size < 0) {
            throw new IllegalArgumentException("the tree size must not be negative, got " + size);
        }
        if (rootHash.length != SIZE) {
            throw new IllegalArgumentException(
                    "the root hash must be " + SIZE + " bytes (RFC 9162 SHA-256), got " + rootHash.length);
        }
        for (String extension : extensions) {
            requireLine(extension, "extension line");
        }
        this.origin = origin;
        this.size = size;
        this.rootHash = rootHash.clone();
        this.extensions = List.copyOf(extensions);
    }

    /** A checkpoint without extension lines. */
    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    /**
     * Reads a checkpoint from a note text, as {@link NoteVerifier#verify} returns it.
     *
     * @throws CheckpointFormatException naming the broken rule of c2sp.org/tlog-checkpoint
     */
    public static Checkpoint parse(String text) throws CheckpointFormatException {
        if (!text.endsWith("\n")) {
            throw new CheckpointFormatException("a checkpoint must end with a newline (c2sp.org/signed-note, Format)");
        }
        String invalid = NoteFormat.invalidCharacter(text, true);
        if (invalid != null) {
            throw new CheckpointFormatException(
                    "a checkpoint must not contain " + invalid + " (c2sp.org/signed-note, Format)");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new CheckpointFormatException(
                    "a checkpoint has at least three lines: origin, tree size and root hash, got " + lines.length
                            + SPEC);
        }
        if (lines[0].isEmpty()) {
            throw new CheckpointFormatException("the origin (line 1) must be non-empty" + SPEC);
        }
        long size = parseSize(lines[1]);
        byte[] rootHash = NoteFormat.decodeBase64(lines[2]);
        if (rootHash == null || rootHash.length != SIZE) {
            throw new CheckpointFormatException(
                    "the root hash (line 3) must be the base64 of 32 bytes, got \"" + excerpt(lines[2]) + "\"" + SPEC);
        }
        List<String> extensions = Arrays.asList(lines).subList(3, lines.length);
        for (int i = 0; i < extensions.size(); i++) {
            if (extensions.get(i).isEmpty()) {
                throw new CheckpointFormatException(
                        "extension lines must be non-empty, line " + (i + 4) + " is empty" + SPEC);
            }
        }
        return new Checkpoint(lines[0], size, rootHash, extensions);
    }

    /** The note text: origin, size and base64 root hash, then any extension lines, each ending with a newline. */
    public String format() {
        StringBuilder text = new StringBuilder()
                .append(origin)
                .append('\n')
                .append(size)
                .append('\n')
                .append(NoteFormat.encodeBase64(rootHash))
                .append('\n');
        for (String extension : extensions) {
            text.append(extension).append('\n');
        }
        return text.toString();
    }

    public String origin() {
        return origin;
    }

    public long size() {
        return size;
    }

    /** A copy of the root hash. */
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The extension lines, unmodifiable; usually empty. */
    public List<String> extensions() {
        return extensions;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Checkpoint that
                && origin.equals(that.origin)
                && size == that.size
                && Arrays.equals(rootHash, that.rootHash)
                && extensions.equals(that.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
    }

    @Override
    public String toString() {
        return "Checkpoint[origin=" + origin + ", size=" + size + ", rootHash=" + NoteFormat.encodeBase64(rootHash)
                + (extensions.isEmpty() ? "" : ", extensions=" + extensions) + "]";
    }

    /** "the ASCII decimal representation of the number of leaves in the tree, with no leading zeroes" */
    private static long parseSize(String line) throws CheckpointFormatException {
        boolean digits = !line.isEmpty() && line.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || (line.length() > 1 && line.charAt(0) == '0')) {
            throw new CheckpointFormatException("the tree size (line 2) must be ASCII decimal without leading zeroes,"
                    + " got \"" + excerpt(line) + "\"" + SPEC);
        }
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new CheckpointFormatException("the tree size (line 2) exceeds 2^63 - 1: " + excerpt(line));
        }
    }

    private static void requireLine(String line, String what) {
        if (line.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " must be non-empty" + SPEC);
        }
        String invalid = NoteFormat.invalidCharacter(line, false);
        if (invalid != null) {
            throw new IllegalArgumentException("the " + what + " must not contain " + invalid + SPEC);
        }
    }

    /** Untrusted input, quoted in messages at a bounded length. */
    private static String excerpt(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
