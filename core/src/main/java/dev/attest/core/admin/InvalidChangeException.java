package dev.attest.core.admin;

/**
 * A requested change names something that is not there, found only once the current state is read (a member who is
 * not in the organization, a workspace it does not have): HTTP 400 with the field's JSON pointer. Nothing changed.
 */
public final class InvalidChangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String pointer;

    /**
     * @param pointer the JSON pointer of the offending value in the request's body, e.g. {@code /add/0}
     * @param message the broken rule, naming the field
     */
    public InvalidChangeException(String pointer, String message) {
        super(message);
        this.pointer = pointer;
    }

    /** The JSON pointer of the offending value. */
    public String pointer() {
        return pointer;
    }
}
