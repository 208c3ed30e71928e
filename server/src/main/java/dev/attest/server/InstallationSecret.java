package dev.attest.server;

import dev.attest.core.account.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The installation's secret key, which seals the secrets Attest must read back (TOTP seeds) so that a copy of the
 * database alone does not reveal them: {@code ATTEST_SECRET_KEY} (32 bytes in Base64, e.g. from
 * {@code openssl rand -base64 32}) when set — the way for several server processes on one PostgreSQL to share it —
 * else the data directory's {@value #FILE_NAME}, created on first start, owner-only. If it is lost, members who use
 * MFA cannot pass their second factor until an admin turns their MFA off. Keep it with the checkpoint signing key,
 * apart from the database's backups.
 */
public final class InstallationSecret {
    /** The key file's name in the data directory. */
    public static final String FILE_NAME = "secret.key";

    /** The environment variable that overrides the file. */
    public static final String ENVIRONMENT = "ATTEST_SECRET_KEY";

    private InstallationSecret() {}

    /**
     * The box of {@code fromEnvironment} if it is not blank, else of the key in {@code file}, created there if absent.
     *
     * @throws IllegalArgumentException if either holds anything but 32 bytes in Base64 (the message never shows it)
     * @throws IllegalStateException if the file exists with permissions wider than its owner's
     */
    public static SecretBox loadOrCreate(Path file, @Nullable String fromEnvironment) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new SecretBox(decode(fromEnvironment, ENVIRONMENT));
        }
        try {
            if (!Files.exists(file)) {
                byte[] key = SecretBox.newKey(new SecureRandom());
                PrivateFiles.createOnce(file, Base64.getEncoder().encodeToString(key) + "\n");
            }
            PrivateFiles.requireOwnerOnly(file, "the secret key");
            return new SecretBox(decode(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret key " + file, e);
        }
    }

    private static byte[] decode(String text, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not Base64; make a key with: openssl rand -base64 32", e);
        }
        if (key.length != SecretBox.KEY_BYTES) {
            throw new IllegalArgumentException(source + " holds " + key.length + " bytes, not " + SecretBox.KEY_BYTES
                    + "; make a key with: openssl rand -base64 32");
        }
        return key;
    }
}
