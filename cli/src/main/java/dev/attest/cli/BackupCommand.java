package dev.attest.cli;

import dev.attest.integrity.NoteVerifier;
import dev.attest.server.CheckpointKey;
import dev.attest.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code attest backup --to FILE}: a consistent copy of a SQLite installation's database, taken while the server runs
 * ({@code VACUUM INTO} reads one snapshot, beside the writer), verified (every organization's log, against the
 * installation's signing key) before it is put at {@code FILE}.
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Copy the SQLite database of a data directory to FILE, consistently, while the server runs; every",
            "organization's log in the copy is verified before success is reported. The signing key",
            "(checkpoint-signing.key) is not in the copy: keep a copy of it too (it never changes).",
            "PostgreSQL: use pg_dump (see the README)."
        })
final class BackupCommand implements Callable<Integer> {
    @Option(names = "--to", required = true, paramLabel = "FILE", description = "Where to write the copy (new file)")
    Path to = Path.of("attest-backup.db");

    @Mixin
    DataOptions data = new DataOptions();

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (data.database() != null) {
            throw new IllegalArgumentException("attest backup copies a SQLite installation; for PostgreSQL use pg_dump"
                    + " (see the README's section on backups)");
        }
        Path directory = data.directory();
        Path database = directory.resolve(SqliteStorage.FILE_NAME);
        if (!Files.isRegularFile(database)) {
            throw new IllegalArgumentException(
                    "no Attest database at " + database.toAbsolutePath().normalize());
        }
        if (Files.exists(to)) {
            throw new FileAlreadyExistsException(to + " exists; a backup never overwrites a file: choose a new name");
        }
        NoteVerifier verifier = installationKey(directory);
        Path target = to.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // Owner-only (POSIX): the copy holds API key and password hashes.
        Path work = Files.createTempDirectory(target.getParent(), ".attest-backup-");
        try {
            Path copy = work.resolve(SqliteStorage.FILE_NAME);
            vacuumInto(database, copy);
            restrict(copy);
            InstallationVerifier.Report report;
            try {
                report = new InstallationVerifier(verifier).verifyDatabaseIn(work);
            } catch (InstallationVerifier.InstallationVerificationException e) {
                spec.commandLine()
                        .getErr()
                        .println("attest: the copy does NOT verify, so no backup was written: " + e.getMessage());
                return 1;
            }
            // The verified file itself: closing the storage folded the WAL back into it.
            Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
            var out = new LinkedHashMap<String, Object>();
            out.put("backup", target.toString());
            out.put("organizations", report.organizations());
            out.put("events", report.events());
            out.put("checkpoints", report.checkpoints());
            out.put("verified", true);
            spec.commandLine().getOut().println(JsonMapper.shared().writeValueAsString(out));
            return 0;
        } finally {
            deleteRecursively(work);
        }
    }

    /** One read transaction over the live database, written out as a new, compact file (SQLite ≥ 3.27). */
    private static void vacuumInto(Path database, Path copy) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + database.toAbsolutePath());
        try (Connection connection = source.getConnection();
                var statement = connection.prepareStatement("VACUUM INTO ?")) {
            statement.setString(1, copy.toString());
            statement.execute();
        }
    }

    /** The verifier key of the installation whose data directory this is. */
    static NoteVerifier installationKey(Path directory) {
        Path key = directory.resolve(CheckpointKey.FILE_NAME);
        if (!Files.isRegularFile(key)) {
            throw new IllegalStateException("no signing key at "
                    + key.toAbsolutePath().normalize() + ": the checkpoints cannot be verified without it");
        }
        return NoteVerifier.fromVerifierKey(
                CheckpointKey.loadOrCreate(key, "unused").verifierKey());
    }

    static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: its own access rules apply.
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
