package dev.attest.core.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be: at least {@value #MIN_LENGTH} characters, at most {@value #MAX_LENGTH}, not on the
 * list of common and breached passwords shipped with Attest ({@code common-passwords.txt}, also refusing such a word
 * followed only by digits and punctuation, as in {@code Password2024!}), and not the person's email. Immutable and
 * thread-safe; {@link #standard()} reads the list once.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private static final class Standard {
        static final PasswordPolicy POLICY = new PasswordPolicy(load());
    }

    private final Set<String> common;

    private PasswordPolicy(Set<String> common) {
        this.common = Set.copyOf(common);
    }

    /** The policy with the shipped list. */
    public static PasswordPolicy standard() {
        return Standard.POLICY;
    }

    /**
     * The rule {@code password} breaks, as a phrase that follows the field's name ("must have at least 12
     * characters"), if it breaks one.
     *
     * @param email the address of the account the password is for
     */
    public Optional<String> problem(String password, String email) {
        if (password.length() < MIN_LENGTH) {
            return Optional.of("must have at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("must have at most " + MAX_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower) || common.contains(stripTail(lower))) {
            return Optional.of("is one of the most common or breached passwords; choose one nobody else would");
        }
        String address = email.strip().toLowerCase(Locale.ROOT);
        int at = address.indexOf('@');
        String local = at > 0 ? address.substring(0, at) : address;
        if (!address.isEmpty() && (lower.contains(address) || (local.length() >= 4 && lower.contains(local)))) {
            return Optional.of("must not contain your email address");
        }
        return Optional.empty();
    }

    /** The text without the digits and punctuation it ends with. */
    private static String stripTail(String text) {
        int end = text.length();
        while (end > 0 && !Character.isLetter(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static Set<String> load() {
        var words = new HashSet<String>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing resource common-passwords.txt beside " + PasswordPolicy.class);
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }
}
