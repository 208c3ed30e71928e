package dev.attest.cli;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Turns what a command threw into the one line the operator reads: never {@code null}, never a stack trace (that is
 * what {@code --verbose} is for).
 */
final class Failures {
    private Failures() {}

    /**
     * The message of {@code error}, or of the first cause that has one, with the cause's own message appended when it
     * adds something; the exception's kind when none has a message.
     */
    static String describe(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String line = null;
        for (Throwable at = error; at != null && seen.add(at); at = at.getCause()) {
            String message = at.getMessage();
            if (message == null || message.isBlank()) {
                continue;
            }
            if (line == null) {
                line = message;
            } else if (!line.contains(message)) {
                line = line + ": " + message;
                break;
            }
        }
        if (line == null) {
            line = kind(error);
        }
        // One line: a message quoting input must not start another.
        return line.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static String kind(Throwable error) {
        String name = error.getClass().getSimpleName();
        return name.isEmpty() ? error.getClass().getName() : name;
    }
}
