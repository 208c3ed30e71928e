package dev.attest.cli;

import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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
            BackupCommand.class,
            RestoreCommand.class,
            UserCommand.class,
            MailCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AttestCommand {
    private final Clock clock;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "On failure, print the whole stack trace after the one-line reason.")
    boolean verbose;

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
            line.getErr().println("attest: " + Failures.describe(error));
            if (verbose(line.getCommandSpec())) {
                error.printStackTrace(line.getErr());
            }
            return 1;
        });
    }

    /** The clock of the command line that {@code spec} belongs to. */
    static Clock clock(CommandSpec spec) {
        return ((AttestCommand) spec.root().userObject()).clock;
    }

    /** Whether {@code --verbose} was given. */
    static boolean verbose(CommandSpec spec) {
        return ((AttestCommand) spec.root().userObject()).verbose;
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
