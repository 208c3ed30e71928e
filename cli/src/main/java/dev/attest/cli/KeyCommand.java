package dev.attest.cli;

import dev.attest.integrity.NoteSigner;
import dev.attest.server.CheckpointKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code attest key}: the verifier key that checks this installation's checkpoints. */
@Command(
        name = "key",
        mixinStandardHelpOptions = true,
        description = {
            "Print the installation's checkpoint verifier key (C2SP signed-note format).",
            "Give it to auditors: with it, `attest verify` checks a log without trusting the server."
        })
final class KeyCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    InstallationOptions installation = new InstallationOptions();

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandSpec spec;

    @Override
    public Integer call() {
        NoteSigner signer =
                CheckpointKey.loadOrCreate(data.directory().resolve(CheckpointKey.FILE_NAME), installation.name());
        spec.commandLine().getOut().println(signer.verifierKey());
        return 0;
    }
}
