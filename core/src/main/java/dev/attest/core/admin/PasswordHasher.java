package dev.attest.core.admin;

/**
 * How passwords are hashed and checked (the server's Argon2id); a port so that the rules about passwords live here
 * and the hashing library does not. Implementations are thread-safe.
 */
public interface PasswordHasher {
    /** A hash in PHC string form, salted. */
    String hash(String password);

    /** Whether {@code password} matches {@code hash}; false for a malformed hash. */
    boolean matches(String password, String hash);
}
