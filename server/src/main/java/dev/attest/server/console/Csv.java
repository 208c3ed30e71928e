package dev.attest.server.console;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventDocument;
import dev.attest.core.event.Target;
import dev.attest.server.Json;
import java.util.ArrayList;
import java.util.List;
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

    static String row(Event event) {
        Target target = event.target();
        List<@Nullable String> cells = new ArrayList<>();
        cells.add(Long.toString(event.seq()));
        cells.add(event.id().value());
        cells.add(EventDocument.timestamp(event.occurredAt()));
        cells.add(EventDocument.timestamp(event.receivedAt()));
        cells.add(event.action());
        cells.add(event.category());
        cells.add(Boolean.toString(event.critical()));
        cells.add(event.outcome().wire());
        cells.add(event.workspace());
        cells.add(event.actor().type().wire());
        cells.add(event.actor().id());
        cells.add(event.actor().name());
        cells.add(event.actor().email());
        cells.add(event.actor().role());
        cells.add(target == null ? null : target.type());
        cells.add(target == null ? null : target.id());
        cells.add(target == null ? null : target.name());
        cells.add(event.context().ip());
        cells.add(event.context().userAgent());
        cells.add(event.context().requestId());
        cells.add(Json.text(event.payload()));
        cells.add(event.leafHash());
        var line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(cells.get(i)));
        }
        return line.append("\r\n").toString();
    }

    static String cell(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote =
                Character.isWhitespace(safe.charAt(0)) || Character.isWhitespace(safe.charAt(safe.length() - 1));
        for (int i = 0; i < safe.length() && !quote; i++) {
            char c = safe.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }
}
