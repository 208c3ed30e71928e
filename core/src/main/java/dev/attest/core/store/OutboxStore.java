package dev.attest.core.store;

import dev.attest.core.mail.OutboxMail;
import java.util.List;

/**
 * The outbox: mail that an installation without SMTP keeps for its super-users to read and pass on. Messages are
 * never changed once added. Thread-safe.
 */
public interface OutboxStore {
    /** Adds one message. */
    void add(OutboxMail mail);

    /** The newest messages first, at most {@code limit} of them. */
    List<OutboxMail> latest(int limit);
}
