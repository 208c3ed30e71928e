package dev.attest.server.mail;

import dev.attest.core.mail.Mail;
import dev.attest.core.mail.MailException;
import dev.attest.core.mail.Mailer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;

/** Sends mail to the SMTP server of {@code ATTEST_SMTP_URL}, one connection per message. Thread-safe. */
public final class SmtpMailer implements Mailer {
    private final SmtpUrl url;
    private final Session session;
    private final Clock clock;

    public SmtpMailer(SmtpUrl url, Clock clock) {
        this.url = url;
        this.session = Session.getInstance(url.properties());
        this.clock = clock;
    }

    @Override
    public void send(Mail mail) {
        try {
            var message = new MimeMessage(session);
            message.setFrom(new InternetAddress(url.from(), "Attest", StandardCharsets.UTF_8.name()));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setText(mail.text(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(clock.instant()));
            if (url.user() != null) {
                Transport.send(message, url.user(), url.password());
            } else {
                Transport.send(message);
            }
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            // The server's answer, never the message: it holds a link.
            throw new MailException(
                    "the SMTP server " + url + " did not take a message: "
                            + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String transport() {
        return "smtp";
    }

    /** Where mail goes, without the password. */
    public String describe() {
        return url.toString();
    }
}
