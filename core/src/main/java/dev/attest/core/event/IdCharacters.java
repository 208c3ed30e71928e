package dev.attest.core.event;

/** The characters ids are made of, tested without a regular expression (ids are checked on every event read). */
final class IdCharacters {
    private IdCharacters() {}

    /** Whether {@code c} is an ASCII letter or digit ({@code [A-Za-z0-9]}). */
    static boolean letterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
