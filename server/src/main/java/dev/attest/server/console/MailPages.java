package dev.attest.server.console;

import dev.attest.core.admin.InvitationAdministration;
import dev.attest.core.mail.Mail;
import dev.attest.core.mail.MailException;
import dev.attest.core.mail.Mailer;
import dev.attest.core.mail.OutboxMail;
import dev.attest.core.store.OutboxStore;
import dev.attest.server.console.AccountViews.MailPage;
import dev.attest.server.console.AccountViews.OutboxRow;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The installation's mail, for super-users ({@code /installation/mail}): how mail leaves (SMTP, or the outbox), a form
 * that sends a test message, and the outbox's latest messages, which hold the links people wait for when no SMTP server
 * is configured.
 */
final class MailPages {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", java.util.Locale.ROOT);
    private static final int SHOWN = 50;

    private final Mailer mailer;
    private final String transport;
    private final OutboxStore outbox;
    private final Templates templates;

    /** @param transport how mail leaves, for people: e.g. {@code SMTP (smtp://user:****@host:587)} */
    MailPages(Mailer mailer, String transport, OutboxStore outbox, Templates templates) {
        this.mailer = mailer;
        this.transport = transport;
        this.outbox = outbox;
        this.templates = templates;
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer) {
        String notice = request.query().first("done").orElse("").equals("test")
                ? mailer.transport().equals("outbox")
                        ? "Test message added to the outbox below."
                        : "Test message handed to the SMTP server."
                : null;
        send(response, 200, viewer, viewer.member().email(), notice, null);
    }

    /** {@code POST /installation/mail}: sends a test message. */
    void sendTest(ServerRequest request, ServerResponse response, SignedIn viewer) {
        Map<String, String> form = Forms.read(request);
        String to = form.getOrDefault("to", "").strip();
        if (!ConsoleSessions.csrfValid(viewer, form.getOrDefault("csrf", ""))) {
            send(response, 403, viewer, to, null, "The form was not sent from this console; reload the page.");
            return;
        }
        Optional<String> problem = InvitationAdministration.emailProblem(to);
        if (problem.isPresent()) {
            send(response, 400, viewer, to, null, "To " + problem.get() + ".");
            return;
        }
        try {
            mailer.send(new Mail(
                    to,
                    "Attest test message",
                    "This is a test message from Attest, sent by "
                            + viewer.member().email()
                            + " from the installation's mail settings.\n\nMail from Attest reaches this address.\n"));
        } catch (MailException failed) {
            send(response, 502, viewer, to, null, "Not sent: " + failed.getMessage() + ".");
            return;
        }
        ConsoleRoutes.redirect(request, response, "/installation/mail?done=test");
    }

    private void send(
            ServerResponse response,
            int status,
            SignedIn viewer,
            String typedTo,
            @Nullable String notice,
            @Nullable String error) {
        List<OutboxRow> rows = outbox.latest(SHOWN).stream().map(MailPages::row).toList();
        templates.send(
                response,
                status,
                "mail.jte",
                "page",
                new MailPage(ConsoleRoutes.viewer(viewer), transport, typedTo, rows, notice, error));
    }

    private static OutboxRow row(OutboxMail mail) {
        return new OutboxRow(
                mail.id(),
                mail.mail().to(),
                mail.mail().subject(),
                mail.mail().text(),
                TIME.format(mail.createdAt().atOffset(ZoneOffset.UTC)));
    }
}
