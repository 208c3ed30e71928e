package dev.attest.storage.postgres;

import java.time.Instant;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Rows in the text format of PostgreSQL's {@code COPY … FROM STDIN}: tab-separated fields, {@code \N} for NULL,
 * backslash escapes for backslash, tab, newline and carriage return; {@code bytea} in hex form ({@code \\x…}, its
 * backslash escaped). Not thread-safe. Public for the benchmark's raw COPY baseline, which must write what the store writes.
 */
public final class CopyText {
    private static final HexFormat HEX = HexFormat.of();

    private final StringBuilder text = new StringBuilder(64 * 1024);
    private boolean rowStarted;
    private int rows;

    public CopyText field(@Nullable String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return this;
    }

    public CopyText field(long value) {
        separate();
        text.append(value);
        return this;
    }

    public CopyText field(boolean value) {
        separate();
        text.append(value ? 't' : 'f');
        return this;
    }

    /** ISO-8601 in UTC with up to microseconds, which {@code timestamptz} input reads exactly. */
    public CopyText field(Instant value) {
        separate();
        text.append(value);
        return this;
    }

    /** A value of any type {@link dev.attest.storage.jdbc.EventRow#values()} holds. */
    public CopyText field(@Nullable Object value) {
        return switch (value) {
            case null -> field((String) null);
            case String text -> field(text);
            case Long number -> field(number.longValue());
            case Boolean flag -> field(flag.booleanValue());
            case Instant instant -> field(instant);
            case byte[] bytes -> field(bytes);
            default -> throw new IllegalArgumentException("no COPY text form for " + value.getClass());
        };
    }

    public CopyText field(byte @Nullable [] value) {
        separate();
        if (value == null) {
            text.append("\\N");
        } else {
            text.append("\\\\x").append(HEX.formatHex(value));
        }
        return this;
    }

    public void endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
    }

    public int rows() {
        return rows;
    }

    public String text() {
        return text.toString();
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }
}
