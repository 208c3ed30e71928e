package dev.attest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code attest} command. */
@Command(
        name = "attest",
        mixinStandardHelpOptions = true,
        versionProvider = AttestCommand.Version.class,
        description = "A self-hostable, tamper-evident audit log.",
        subcommands = {
            ServeCommand.class,
            OrgCommand.class,
            DemoCommand.class,
            KeyCommand.class,
            VerifyCommand.class,
            ExportCommand.class,
            MigrateCommand.class,
            UserCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AttestCommand {
    public static void main(String[] args) {
        Logging.configure();
        System.exit(commandLine().execute(args));
    }

    /** The command line with Attest's error handling, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new AttestCommand()).setExecutionExceptionHandler((error, line, parsed) -> {
            line.getErr().println("attest: " + error.getMessage());
            return 1;
        });
    }

    /** Prints the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AttestCommand.class.getPackage().getImplementationVersion();
            return new String[] {"attest " + (version == null ? "development build" : version)};
        }
    }
}
