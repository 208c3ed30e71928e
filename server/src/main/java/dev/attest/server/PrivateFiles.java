package dev.attest.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold the installation's keys: created once, readable by their owner only ({@code rw-------}), and
 * refused when others can read them.
 */
final class PrivateFiles {
    private PrivateFiles() {}

    /**
     * Writes {@code content} to a new owner-only file, unless the file exists: of two processes creating it at once,
     * one wins and the other's content is dropped, never written over the winner's (a replaced key would orphan what
     * the first one protected).
     */
    static void createOnce(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(
                file.getFileName() + "." + ProcessHandle.current().pid() + ".new");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temporary);
        }
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                // link(2) fails when the name exists, where rename(2) would silently replace it.
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException raced) {
                // Another process made it first: theirs stands.
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                if (!Files.exists(file)) {
                    Files.move(temporary, file);
                }
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Returns normally when only the file's owner may read it (or the file system has no POSIX permissions).
     *
     * @param what names the file in the message, e.g. "the signing key"
     * @throws IllegalStateException if others may read it, with the command that fixes it
     */
    static void requireOwnerOnly(Path file, String what) throws IOException {
        try {
            var permissions = Set.copyOf(Files.getPosixFilePermissions(file));
            if (!permissions.equals(PosixFilePermissions.fromString("rw-------"))
                    && !permissions.equals(PosixFilePermissions.fromString("r--------"))) {
                throw new IllegalStateException(what + " " + file + " is readable by others ("
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: nothing to check.
        }
    }
}
