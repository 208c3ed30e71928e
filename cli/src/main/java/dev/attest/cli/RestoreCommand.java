package dev.attest.cli;

import dev.attest.integrity.NoteVerifier;
import dev.attest.server.CheckpointKey;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code attest restore --from FILE}: puts a backup in place as a stopped installation's database. The backup is
 * verified against the signing key the installation will sign with before anything is replaced, and what it replaces
 * is kept beside it, renamed.
 */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Put a backup made by `attest backup` in place as the data directory's database. The server must be",
            "stopped (the command refuses while one holds the directory). The data directory must hold the signing",
            "key the backup's checkpoints were signed with, or --key must name a copy of it. A database already",
            "there is kept, renamed attest.db.before-restore-<time>."
        })
final class RestoreCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file")
    Path from = Path.of("attest-backup.db");

    @Option(
            names = "--key",
            paramLabel = "FILE",
            description = "A copy of the installation's checkpoint-signing.key, when the data directory has none")
    @Nullable
    Path key;

    @Mixin
    DataOptions data = new DataOptions();

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the lock is held for the block, never read
    public Integer call() throws Exception {
        if (data.database() != null) {
            throw new IllegalArgumentException("attest restore restores a SQLite installation; for PostgreSQL use"
                    + " pg_restore (see the README's section on backups)");
        }
        if (!Files.isRegularFile(from)) {
            throw new IllegalArgumentException(
                    "no backup at " + from.toAbsolutePath().normalize());
        }
        data.check();
        Path directory = data.directory();
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(directory, "restore into it")) {
            Path keyFile = directory.resolve(CheckpointKey.FILE_NAME);
            if (key != null) {
                if (Files.exists(keyFile)) {
                    throw new IllegalStateException(keyFile + " exists; a restore never replaces a signing key:"
                            + " drop --key, or move that key away if it is not this installation's");
                }
                // Through loadOrCreate: it refuses a key file that others can read.
                CheckpointKey.loadOrCreate(key, "unused");
                Files.copy(key, keyFile, StandardCopyOption.COPY_ATTRIBUTES);
            }
            if (!Files.exists(keyFile)) {
                throw new IllegalStateException(
                        "the data directory " + directory.toAbsolutePath().normalize()
                                + " has no signing key: give --key a copy of the installation's checkpoint-signing.key; with"
                                + " a new key, the restored checkpoints would verify with no key anyone holds");
            }
            NoteVerifier verifier = BackupCommand.installationKey(directory);
            Path work = Files.createTempDirectory(directory, ".attest-restore-");
            try {
                Path copy = work.resolve(SqliteStorage.FILE_NAME);
                Files.copy(from, copy);
                BackupCommand.restrict(copy);
                InstallationVerifier.Report report;
                try {
                    report = new InstallationVerifier(verifier).verifyDatabaseIn(work);
                } catch (InstallationVerifier.InstallationVerificationException e) {
                    spec.commandLine()
                            .getErr()
                            .println("attest: the backup does NOT verify, nothing was restored: " + e.getMessage());
                    return 1;
                }
                String kept = keepCurrent(directory);
                Files.move(copy, directory.resolve(SqliteStorage.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
                var out = new LinkedHashMap<String, Object>();
                out.put(
                        "restored",
                        directory
                                .resolve(SqliteStorage.FILE_NAME)
                                .toAbsolutePath()
                                .toString());
                out.put("organizations", report.organizations());
                out.put("events", report.events());
                out.put("verified", true);
                if (kept != null) {
                    out.put("previous", kept);
                }
                spec.commandLine().getOut().println(JsonMapper.shared().writeValueAsString(out));
                return 0;
            } finally {
                BackupCommand.deleteRecursively(work);
            }
        }
    }

    /** Moves the current database and its WAL files aside, together; returns the database's new name, if any. */
    private @Nullable String keepCurrent(Path directory) throws java.io.IOException {
        Path current = directory.resolve(SqliteStorage.FILE_NAME);
        if (!Files.exists(current)) {
            return null;
        }
        String suffix =
                ".before-restore-" + STAMP.format(AttestCommand.clock(spec).instant());
        for (String companion : new String[] {"-wal", "-shm"}) {
            Path file = directory.resolve(SqliteStorage.FILE_NAME + companion);
            if (Files.exists(file)) {
                Files.move(file, directory.resolve(SqliteStorage.FILE_NAME + suffix + companion));
            }
        }
        Path kept = directory.resolve(SqliteStorage.FILE_NAME + suffix);
        Files.move(current, kept);
        return kept.toAbsolutePath().toString();
    }
}
