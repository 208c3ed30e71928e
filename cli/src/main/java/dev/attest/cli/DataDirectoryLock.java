package dev.attest.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one {@code attest serve} of a SQLite data directory: an OS file lock on {@code attest.lock} in it, held while
 * the process runs and released by the OS when it ends, however it ends (so a crash leaves no stale lock). The file
 * holds the holder's PID, for the message that refuses a second one. Commands that only read, or write a row through
 * SQLite's own locking ({@code org create}, {@code backup}), do not take it; {@code restore}, which replaces the
 * database file, does.
 */
final class DataDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "attest.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code directory} for this process.
     *
     * @param purpose what the holder will do, for the message: {@code serve it}
     * @throws IllegalStateException naming the PID that holds it, or why the lock file cannot be written
     */
    static DataDirectoryLock acquire(Path directory, String purpose) {
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new IllegalStateException("cannot write " + file + ": permission denied; the data directory must be"
                    + " writable by the user running attest (check its owner and mode)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new IllegalStateException("the data directory "
                        + directory.toAbsolutePath().normalize()
                        + " is in use by another attest process (PID " + holder + "); stop it before you " + purpose
                        + ", or use another --data directory");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.matches("[0-9]{1,10}") ? text : "unknown";
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The OS releases the lock with the process anyway.
        }
    }
}
