package dev.attest.server;

/**
 * The Unicode bidirectional formatting characters (UAX #9 §2): embeddings and overrides U+202A–U+202E, isolates
 * U+2066–U+2069, and the marks U+200E, U+200F and U+061C. Shown raw, they make text display in another order than it
 * was stored (a file name with U+202E in it can read as another one), so the console and the log show them as
 * escapes.
 */
public final class BidiControls {
    private BidiControls() {}

    /** Whether {@code c} is one of them. */
    public static boolean contains(char c) {
        return (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E'
                || c == '\u200F'
                || c == '\u061C';
    }
}
