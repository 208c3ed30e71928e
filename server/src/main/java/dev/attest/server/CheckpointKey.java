package dev.attest.server;

import dev.attest.integrity.NoteSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

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
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temporary);
        }
        Files.writeString(temporary, NoteSigner.generatePrivateKey(name) + "\n", StandardCharsets.UTF_8);
        try {
            // Atomic, and never over a key that appeared meanwhile: losing a signing key would orphan its checkpoints.
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            Files.delete(temporary);
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        try {
            var permissions = Files.getPosixFilePermissions(file);
            if (!Set.copyOf(permissions).equals(PosixFilePermissions.fromString("rw-------"))
                    && !Set.copyOf(permissions).equals(PosixFilePermissions.fromString("r--------"))) {
                throw new IllegalStateException("the signing key " + file + " is readable by others ("
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: nothing to check.
        }
    }
}
