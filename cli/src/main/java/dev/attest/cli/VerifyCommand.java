package dev.attest.cli;

import dev.attest.core.log.LogVerificationException;
import dev.attest.core.log.LogVerifier;
import dev.attest.integrity.Checkpoint;
import dev.attest.integrity.CheckpointFormatException;
import dev.attest.integrity.CheckpointSignatureException;
import dev.attest.integrity.ConsistencyProofException;
import dev.attest.integrity.ConsistencyProofVerifier;
import dev.attest.integrity.NoteVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attest verify}: checks an organization's log against a signed checkpoint, trusting neither the server nor its
 * database — only the installation's verifier key. Exit code 0 when the log verifies, 1 when it does not, 2 when it
 * could not be checked.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Verify an organization's log: every event, the Merkle tree, the signed checkpoint, and (with",
            "--since) that the log only grew since a checkpoint saved earlier. Exit 0: verified; 1: not verified;",
            "2: could not check."
        })
final class VerifyCommand implements Callable<Integer> {
    static final int VERIFIED = 0;
    static final int NOT_VERIFIED = 1;
    static final int CANNOT_CHECK = 2;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source = new Source();

    static final class Source {
        @ArgGroup(exclusive = false)
        @Nullable
        Online online;

        @ArgGroup(exclusive = false)
        @Nullable
        Offline offline;
    }

    static final class Online {
        @Option(
                names = "--url",
                required = true,
                paramLabel = "URL",
                description = "The Attest server, e.g. http://127.0.0.1:8080")
        String url = "";

        @Option(
                names = "--api-key",
                required = true,
                paramLabel = "KEY",
                description = "The organization's API key (default: $ATTEST_API_KEY)",
                defaultValue = "${env:ATTEST_API_KEY}")
        String apiKey = "";
    }

    static final class Offline {
        @Option(names = "--export", required = true, paramLabel = "FILE", description = "Events as JSON Lines")
        Path events = Path.of("events.jsonl");

        @Option(
                names = "--checkpoint",
                required = true,
                paramLabel = "FILE",
                description = "The signed checkpoint covering them")
        Path checkpoint = Path.of("checkpoint.txt");
    }

    @Option(names = "--org", required = true, paramLabel = "ORG", description = "The organization id")
    String organization = "";

    @Option(
            names = "--public-key",
            required = true,
            paramLabel = "VERIFIER_KEY",
            description = "The installation's verifier key (from `attest key`), or @FILE holding it")
    String publicKey = "";

    @Option(
            names = "--since",
            paramLabel = "FILE",
            description =
                    "A checkpoint saved by an earlier run: prove the log only grew since, then save the new one there")
    @Nullable
    Path since;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LogSource log;
        if (source.online != null) {
            log = new ServerLogSource(source.online.url, organization, source.online.apiKey);
        } else {
            Offline offline = java.util.Objects.requireNonNull(source.offline);
            log = new ExportFileSource(offline.events, offline.checkpoint);
        }
        try {
            NoteVerifier verifier = NoteVerifier.fromVerifierKey(readKey(publicKey));
            String note = log.checkpointNote();
            Checkpoint checkpoint = checkpoint(verifier, note, "the server's checkpoint");
            if (!checkpoint.origin().endsWith("/" + organization)) {
                throw new LogSource.VerificationFailure(
                        "the checkpoint is of log " + checkpoint.origin() + ", not of organization " + organization);
            }
            Checkpoint earlier = since == null || !Files.exists(since)
                    ? null
                    : checkpoint(
                            verifier, Files.readString(since, StandardCharsets.UTF_8), "the checkpoint in " + since);
            var logVerifier = new LogVerifier(checkpoint, organization);
            boolean oldRootFromEvents = earlier != null && checkGrowth(earlier, checkpoint, log, logVerifier);
            var progress = new Progress(err, checkpoint.size());
            log.events(checkpoint.size(), document -> {
                try {
                    logVerifier.accept(document);
                } catch (LogVerificationException e) {
                    throw new LogSource.VerificationFailure(String.valueOf(e.getMessage()));
                }
                progress.update(logVerifier.verified());
            });
            long events = logVerifier.finish();
            progress.done();
            if (earlier != null && oldRootFromEvents) {
                byte[] old = logVerifier.rememberedRoot();
                if (old == null || !Arrays.equals(old, earlier.rootHash())) {
                    throw new LogSource.VerificationFailure("the log's first " + earlier.size()
                            + " events no longer form the tree of the checkpoint in " + since
                            + ": history was rewritten");
                }
            }
            out.printf(
                    Locale.ROOT,
                    "VERIFIED %s: %d events, root %s, checkpoint signed by %s%n",
                    organization,
                    events,
                    HexFormat.of().formatHex(checkpoint.rootHash()),
                    verifier.name());
            if (earlier != null) {
                out.printf(
                        Locale.ROOT,
                        "  and the log only grew since the checkpoint in %s (size %d)%n",
                        since,
                        earlier.size());
            }
            if (since != null) {
                save(since, note);
                out.printf(Locale.ROOT, "  saved this checkpoint (size %d) to %s%n", checkpoint.size(), since);
            }
            return VERIFIED;
        } catch (LogSource.VerificationFailure | LogVerificationException e) {
            out.println("NOT VERIFIED " + organization + ": " + e.getMessage());
            return NOT_VERIFIED;
        } catch (IOException | RuntimeException e) {
            err.println("attest verify: could not check the log: " + Failures.describe(e));
            if (AttestCommand.verbose(spec)) {
                e.printStackTrace(err);
            }
            return CANNOT_CHECK;
        }
    }

    /**
     * The earlier checkpoint must be a prefix of the new one: RFC 9162 §2.1.4 consistency.
     *
     * @return whether the earlier root must still be compared with the root the events form at its size (no proof
     *     source)
     */
    private boolean checkGrowth(Checkpoint earlier, Checkpoint now, LogSource log, LogVerifier logVerifier)
            throws IOException, LogSource.VerificationFailure {
        if (!earlier.origin().equals(now.origin())) {
            throw new LogSource.VerificationFailure(
                    "the checkpoint in " + since + " is of log " + earlier.origin() + ", not " + now.origin());
        }
        if (earlier.size() > now.size()) {
            throw new LogSource.VerificationFailure("the log shrank from " + earlier.size() + " events (checkpoint in "
                    + since + ") to " + now.size() + ": events were removed");
        }
        if (earlier.size() == now.size()) {
            if (!Arrays.equals(earlier.rootHash(), now.rootHash())) {
                throw new LogSource.VerificationFailure("two checkpoints of size " + now.size()
                        + " have different roots (a forked log): "
                        + HexFormat.of().formatHex(earlier.rootHash())
                        + " in " + since + ", " + HexFormat.of().formatHex(now.rootHash()) + " now");
            }
            return false;
        }
        if (earlier.size() == 0) {
            return false;
        }
        Optional<List<byte[]>> proof = log.consistencyProof(earlier.size(), now.size());
        if (proof.isEmpty()) {
            // No server to ask: the verifier computes the earlier root from the events themselves.
            logVerifier.rememberRootAt(earlier.size());
            return true;
        }
        try {
            ConsistencyProofVerifier.verify(
                    earlier.size(), now.size(), earlier.rootHash(), now.rootHash(), proof.get());
        } catch (ConsistencyProofException e) {
            throw new LogSource.VerificationFailure("the log of size " + now.size()
                    + " is not an extension of the checkpoint in " + since + " (size " + earlier.size() + "): "
                    + e.getMessage());
        }
        return false;
    }

    private static Checkpoint checkpoint(NoteVerifier verifier, String note, String what)
            throws LogSource.VerificationFailure {
        try {
            return Checkpoint.parse(verifier.verify(note));
        } catch (CheckpointSignatureException e) {
            throw new LogSource.VerificationFailure(
                    what + " is not signed by " + verifier.name() + ": " + e.getMessage());
        } catch (CheckpointFormatException e) {
            throw new LogSource.VerificationFailure(what + " is not a checkpoint: " + e.getMessage());
        }
    }

    private static String readKey(String value) throws IOException {
        return value.startsWith("@")
                ? Files.readString(Path.of(value.substring(1)), StandardCharsets.UTF_8)
                        .strip()
                : value;
    }

    private static void save(Path file, String note) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, note, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A progress line on standard error every two seconds of a long run: a bar, the count and the rate. */
    static final class Progress {
        private final PrintWriter err;
        private final long total;
        private final long started = System.nanoTime();
        private long lastPrint = System.nanoTime();
        private boolean printed;

        Progress(PrintWriter err, long total) {
            this.err = err;
            this.total = total;
        }

        void update(long verified) {
            long now = System.nanoTime();
            if (total < 50_000 || now - lastPrint < 2_000_000_000L) {
                return;
            }
            lastPrint = now;
            printed = true;
            double seconds = (now - started) / 1e9;
            int width = 30;
            int filled = (int) (width * verified / Math.max(1, total));
            String bar = "#".repeat(filled) + ".".repeat(width - filled);
            err.printf(
                    Locale.ROOT,
                    "[%s] %,d / %,d events (%,.0f/s)%n",
                    bar,
                    verified,
                    total,
                    verified / Math.max(seconds, 1e-9));
            err.flush();
        }

        void done() {
            if (printed) {
                double seconds = (System.nanoTime() - started) / 1e9;
                err.printf(Locale.ROOT, "[%s] %,d events in %.1f s%n", "#".repeat(30), total, seconds);
            }
        }
    }
}
