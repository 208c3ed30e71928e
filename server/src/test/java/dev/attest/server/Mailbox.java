package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.attest.core.mail.OutboxMail;
import dev.attest.core.store.Storage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the tests read Attest's mail: an SMTP server in the test JVM (GreenMail on 127.0.0.1, a free port) or the
 * outbox of an installation without SMTP; and the path of the link a message holds.
 */
final class Mailbox implements AutoCloseable {
    private static final Pattern LINK =
            Pattern.compile("https?://[^/\\s]+(/(?:invitations|password-reset)/[A-Za-z0-9_-]+)");

    private final GreenMail smtp;

    /** Starts an SMTP server that takes mail for anyone, with or without {@code user}/{@code password}. */
    Mailbox(String user, String password) {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        smtp.setUser("attest@localhost", user, password);
    }

    /** {@code ATTEST_SMTP_URL} for this server, signing in as {@code user}. */
    String url(String user, String password) {
        return "smtp://" + user + ":" + password + "@127.0.0.1:"
                + smtp.getSmtp().getPort() + "?starttls=never&from=attest@localhost";
    }

    /** Waits up to 10 s for the {@code count}-th message and returns every one received, oldest first. */
    List<MimeMessage> await(int count) {
        assertThat(smtp.waitForIncomingEmail(10_000, count))
                .as(count + " messages")
                .isTrue();
        return List.of(smtp.getReceivedMessages());
    }

    static String to(MimeMessage message) throws MessagingException {
        return message.getRecipients(Message.RecipientType.TO)[0].toString();
    }

    /** The decoded text of a plain-text message. */
    static String body(MimeMessage message) throws MessagingException, java.io.IOException {
        return (String) message.getContent();
    }

    /** The path of the link in a message's text, e.g. {@code /invitations/abc…}. */
    static String linkPath(String text) {
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as("a link in " + text).isTrue();
        return link.group(1);
    }

    /** The newest message in the outbox of an installation without SMTP. */
    static OutboxMail newestInOutbox(Storage storage) {
        List<OutboxMail> latest = storage.outbox().latest(1);
        assertThat(latest).as("the outbox").isNotEmpty();
        return latest.getFirst();
    }

    @Override
    public void close() {
        smtp.stop();
    }
}
