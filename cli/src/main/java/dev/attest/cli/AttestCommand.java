package dev.attest.cli;

import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

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
    private final Clock clock;

    private AttestCommand(Clock clock) {
        this.clock = clock;
    }

    public static void main(String[] args) {
        Logging.configure();
        System.exit(commandLine().execute(args));
    }

    /** The command line with Attest's error handling, on the machine's clock, for {@link #main}. */
    public static CommandLine commandLine() {
        return commandLine(Clock.systemUTC());
    }

    /**
     * The command line with Attest's error handling, for tests: every subcommand takes the current time from
     * {@code clock}.
     */
    public static CommandLine commandLine(Clock clock) {
        return new CommandLine(new AttestCommand(clock)).setExecutionExceptionHandler((error, line, parsed) -> {
            line.getErr().println("attest: " + error.getMessage());
            return 1;
        });
    }

    /** The clock of the command line that {@code spec} belongs to. */
    static Clock clock(CommandSpec spec) {
        return ((AttestCommand) spec.root().userObject()).clock;
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
