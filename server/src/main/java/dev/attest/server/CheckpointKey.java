package dev.attest.server;

import dev.attest.integrity.NoteSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The installation's checkpoint signing key: created on first start, kept in one file readable by its owner only
 * ({@code rw-------}), and never logged. Whoever holds its verifier key can check every checkpoint offline.
 */
public final class CheckpointKey {
    /** The key file's name in the data directory. */
    public static final String FILE_NAME = "checkpoint-signing.key";

    private CheckpointKey() {}

    /**
     * Loads the key from {@code file}, or creates it there (named {@code name}) if the file does not exist.
     *
     * @throws IllegalStateException if the file exists with permissions wider than its owner's
     */
    public static NoteSigner loadOrCreate(Path file, String name) {
        try {
            if (!Files.exists(file)) {
                create(file, name);
            }
            checkPermissions(file);
            return NoteSigner.fromPrivateKey(
                    Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the signing key " + file, e);
        }
    }

    private static void create(Path file, String name) throws IOException {
        PrivateFiles.createOnce(file, NoteSigner.generatePrivateKey(name) + "\n");
    }

    private static void checkPermissions(Path file) throws IOException {
        PrivateFiles.requireOwnerOnly(file, "the signing key");
    }
}
