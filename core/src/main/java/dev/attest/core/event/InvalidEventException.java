package dev.attest.core.event;

import java.util.List;

/** A request held events that break the rules; nothing of it was stored. Lists every problem found, not the first. */
public final class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public InvalidEventException(List<Violation> violations) {
        super(violations.size() + " problem(s), first: " + violations.getFirst().detail());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
