package dev.attest.cli;

import dev.attest.core.mail.OutboxMail;
import dev.attest.core.store.Storage;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attest mail}: prints the outbox, the mail an installation without {@code ATTEST_SMTP_URL} keeps (invitations,
 * password resets, test messages), newest first, so that whoever runs the installation can pass each link on.
 */
@Command(
        name = "mail",
        mixinStandardHelpOptions = true,
        description = {
            "Print the outbox: mail kept because ATTEST_SMTP_URL is not set, newest first.",
            "Each message may hold a single-use link: pass it on to its recipient only."
        })
final class MailCommand implements Callable<Integer> {
    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "How many messages to print (default: ${DEFAULT-VALUE})")
    int limit = 20;

    @Mixin
    DataOptions data = new DataOptions();

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("--limit must be between 1 and 1000");
        }
        Clock clock = AttestCommand.clock(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (Storage storage = data.open(1, clock)) {
            List<OutboxMail> mail = storage.outbox().latest(limit);
            if (mail.isEmpty()) {
                out.println("The outbox is empty.");
            }
            for (OutboxMail message : mail) {
                out.println("--- " + message.id() + "  " + message.createdAt());
                out.println("To: " + message.mail().to());
                out.println("Subject: " + message.mail().subject());
                out.println();
                out.println(message.mail().text().stripTrailing());
                out.println();
            }
            out.flush();
            return 0;
        }
    }
}
