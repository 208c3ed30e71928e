package dev.attest.server.console;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.attest.core.admin.PasswordHasher;
import dev.attest.core.admin.PasswordPolicy;
import java.security.SecureRandom;

/**
 * Password hashing with Argon2id (RFC 9106) at OWASP's recommended cost: 19 MiB of memory, 2 passes, 1 lane. Hashes
 * are PHC strings that carry their parameters, so the cost can rise later without breaking stored hashes.
 */
public final class Passwords {
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    /** The shortest password accepted. */
    public static final int MIN_LENGTH = PasswordPolicy.MIN_LENGTH;

    /** A hash of no password, checked when an email is unknown so that both paths take as long. */
    private static final String DUMMY = hash("not a password of anyone");

    /** These hashes as the core's port, for the rules about passwords. */
    public static final PasswordHasher HASHER = new PasswordHasher() {
        @Override
        public String hash(String password) {
            return Passwords.hash(password);
        }

        @Override
        public boolean matches(String password, String hash) {
            return Passwords.matches(password, hash);
        }
    };

    private Passwords() {}

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    /** Whether {@code password} matches {@code hash}; false for a malformed hash. */
    public static boolean matches(String password, String hash) {
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** Spends the time of one check, for an unknown email. */
    public static void burn(String password) {
        matches(password, DUMMY);
    }

    /** A random password of 20 characters from an alphabet without look-alikes (~117 bits). */
    public static String generate(SecureRandom random) {
        var password = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return password.toString();
    }
}
