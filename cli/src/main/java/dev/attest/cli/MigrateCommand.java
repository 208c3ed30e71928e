package dev.attest.cli;

import dev.attest.storage.postgres.DatabaseUrl;
import dev.attest.storage.postgres.PostgresStorage;
import dev.attest.storage.postgres.SqliteImport;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code attest migrate --from DIR --to URL}: moves an embedded installation to PostgreSQL, verified. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Copy a whole embedded installation (SQLite data directory) into an empty PostgreSQL database:",
            "organizations, API key hashes, members, events with their leaf hashes, tree nodes and checkpoints.",
            "The copy is verified (every leaf hash, every root, every signed checkpoint) before success is reported.",
            "Stop the server first; keep the data directory: it holds the checkpoint signing key."
        })
final class MigrateCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "DIR", description = "The SQLite data directory.")
    Path from = Path.of("data");

    @Option(
            names = "--to",
            required = true,
            paramLabel = "URL",
            description = "The PostgreSQL database: postgresql://user:pass@host:port/db or jdbc:postgresql://…")
    String to = "";

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path file = from.resolve(SqliteStorage.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no Attest database at " + file);
        }
        // Brings an older file up to the current schema before it is read.
        SqliteStorage.open(from, 1).close();
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        var err = spec.commandLine().getErr();
        try (PostgresStorage target = PostgresStorage.open(
                PostgresStorage.Settings.of(DatabaseUrl.parse(to)).clock(AttestCommand.clock(spec)))) {
            SqliteImport.Report report = new SqliteImport(source, target, line -> err.println("attest: " + line)).run();
            var out = new LinkedHashMap<String, Object>(report.rows());
            out.put("verified", true);
            spec.commandLine().getOut().println(JsonMapper.shared().writeValueAsString(out));
            return 0;
        } catch (SqliteImport.ImportVerificationException e) {
            err.println("attest: the copy does NOT verify, do not switch to it: " + e.getMessage());
            return 1;
        }
    }
}
