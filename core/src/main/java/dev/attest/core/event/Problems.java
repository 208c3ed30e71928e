package dev.attest.core.event;

import java.util.ArrayList;
import java.util.List;

/**
 * The broken rules found while reading one request, each a {@link Violation}: a JSON pointer into the body and a
 * sentence naming the field and the rule. A view {@link #at(String, String) at} one event of a batch prefixes its
 * pointers with the event's index and its field names with {@code [i].}, and adds to the same list.
 */
public final class Problems {
    private final List<Violation> all;
    private final String base;
    private final String label;

    public Problems() {
        this(new ArrayList<>(), "", "");
    }

    private Problems(List<Violation> all, String base, String label) {
        this.all = all;
        this.base = base;
        this.label = label;
    }

    /** The same list, seen from the value at {@code base}, whose fields are named after {@code label}. */
    public Problems at(String base, String label) {
        return new Problems(all, base, label);
    }

    /** Reports that the value at {@code pointer} (relative to this view), called {@code name}, breaks {@code rule}. */
    public void fail(String pointer, String name, String rule) {
        all.add(new Violation(base + pointer, label + name + " " + rule));
    }

    /** Reports a problem of the value at {@code pointer} in a sentence of its own. */
    public void report(String pointer, String sentence) {
        all.add(new Violation(base + pointer, label + sentence));
    }

    /** How many problems have been found, in every view. */
    public int count() {
        return all.size();
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /**
     * @throws InvalidEventException listing every problem found, if there is any
     */
    public void throwIfAny() {
        if (!all.isEmpty()) {
            throw new InvalidEventException(List.copyOf(all));
        }
    }

    /** A member name as one segment of an RFC 6901 pointer: {@code ~} becomes {@code ~0}, {@code /} becomes {@code ~1}. */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
