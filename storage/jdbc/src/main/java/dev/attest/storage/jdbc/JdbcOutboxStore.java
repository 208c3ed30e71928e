package dev.attest.storage.jdbc;

import dev.attest.core.mail.Mail;
import dev.attest.core.mail.OutboxMail;
import dev.attest.core.store.OutboxStore;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link OutboxStore} on {@code outbox}. */
final class JdbcOutboxStore implements OutboxStore {
    private static final String COLUMNS = "id, recipient, subject, body, created_at";
    private static final RowMapper<OutboxMail> ROWS = (rs, ctx) -> new OutboxMail(
            rs.getString("id"),
            new Mail(rs.getString("recipient"), rs.getString("subject"), rs.getString("body")),
            Rows.instant(rs, "created_at", ctx));

    private final Handles handles;

    JdbcOutboxStore(Handles handles) {
        this.handles = handles;
    }

    @Override
    public void add(OutboxMail mail) {
        handles.write(handle -> handle.createUpdate("INSERT INTO outbox (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")
                .bind(0, mail.id())
                .bind(1, mail.mail().to())
                .bind(2, mail.mail().subject())
                .bind(3, mail.mail().text())
                .bind(4, mail.createdAt())
                .execute());
    }

    @Override
    public List<OutboxMail> latest(int limit) {
        return handles.read(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM outbox ORDER BY created_at DESC, id DESC LIMIT ?")
                .bind(0, limit)
                .map(ROWS)
                .list());
    }
}
