package dev.attest.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code attest …} run in this JVM, as the command line's error handling ends it: exit code and both outputs. */
record CommandRun(int exit, String out, String err) {
    static CommandRun attest(String... arguments) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = AttestCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(arguments);
        return new CommandRun(exit, out.toString(), err.toString());
    }
}
