package dev.attest.server.console;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventDocument;
import dev.attest.core.event.Target;
import dev.attest.server.Json;
import org.jspecify.annotations.Nullable;

/**
 * Events as CSV (RFC 4180), safe to open in a spreadsheet: a cell that starts with {@code = + - @}, a tab or a
 * carriage return is prefixed with an apostrophe, so no event can plant a formula (OWASP "CSV injection").
 */
final class Csv {
    static final String HEADER = "seq,id,occurred_at,received_at,action,category,critical,outcome,workspace,actor_type,"
            + "actor_id,actor_name,actor_email,actor_role,target_type,target_id,target_name,ip,user_agent,request_id,"
            + "payload,leaf_hash\r\n";

    private Csv() {}

    /** Appends {@code event}'s row, line end included, to {@code line}: no cell is made as a string of its own. */
    static void row(Event event, StringBuilder line) {
        Target target = event.target();
        line.append(event.seq());
        next(line, event.id().value());
        next(line, EventDocument.timestamp(event.occurredAt()));
        next(line, EventDocument.timestamp(event.receivedAt()));
        next(line, event.action());
        next(line, event.category());
        next(line, event.critical() ? "true" : "false");
        next(line, event.outcome().wire());
        next(line, event.workspace());
        next(line, event.actor().type().wire());
        next(line, event.actor().id());
        next(line, event.actor().name());
        next(line, event.actor().email());
        next(line, event.actor().role());
        next(line, target == null ? null : target.type());
        next(line, target == null ? null : target.id());
        next(line, target == null ? null : target.name());
        next(line, event.context().ip());
        next(line, event.context().userAgent());
        next(line, event.context().requestId());
        next(line, Json.text(event.payload()));
        next(line, event.leafHash());
        line.append("\r\n");
    }

    private static void next(StringBuilder line, @Nullable String value) {
        line.append(',');
        cell(line, value);
    }

    static String cell(@Nullable String value) {
        var cell = new StringBuilder();
        cell(cell, value);
        return cell.toString();
    }

    /**
     * Appends {@code value} as one cell: an apostrophe before a formula's first character, quotes around a value with a
     * comma, quote or line break in it or whitespace at either end, quotes inside doubled.
     */
    static void cell(StringBuilder out, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        boolean formula = "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
        boolean quote = (!formula && Character.isWhitespace(value.charAt(0)))
                || Character.isWhitespace(value.charAt(value.length() - 1));
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (quote) {
            out.append('"');
        }
        if (formula) {
            out.append('\'');
        }
        if (quote) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                out.append(c);
                if (c == '"') {
                    out.append('"');
                }
            }
            out.append('"');
        } else {
            out.append(value);
        }
    }
}
