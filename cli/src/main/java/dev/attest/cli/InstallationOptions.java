package dev.attest.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The installation's name: the first part of checkpoint origins and the signing key's name. */
final class InstallationOptions {
    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Installation name, e.g. audit.acme.example (default: $ATTEST_NAME, else attest.local). "
                    + "Used when the signing key is created.")
    @Nullable
    String name;

    String name() {
        if (name != null) {
            return name;
        }
        String fromEnvironment = System.getenv("ATTEST_NAME");
        return fromEnvironment == null || fromEnvironment.isBlank() ? "attest.local" : fromEnvironment;
    }
}
