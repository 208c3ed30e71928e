package dev.attest.core.admin;

/** A new password breaks the {@link PasswordPolicy}: HTTP 400 naming the field. Nothing was changed or recorded. */
public final class WeakPasswordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String rule;

    /** @param rule the phrase of {@link PasswordPolicy#problem}, e.g. "must have at least 12 characters" */
    public WeakPasswordException(String rule) {
        super("password " + rule);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
