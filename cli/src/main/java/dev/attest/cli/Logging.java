package dev.attest.cli;

import dev.attest.server.BidiControls;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * One line per log record on standard error; Helidon's start-up chatter is kept to warnings. Every record goes
 * through {@link LineFormatter}, which escapes what could forge or hide a line, so no call site has to remember to.
 */
final class Logging {
    /** JUL keeps loggers weakly: a configured level is lost once its logger is collected, unless held here. */
    private static final java.util.List<Logger> QUIETED = new java.util.ArrayList<>();

    private Logging() {}

    /** How records are written: {@code ATTEST_LOG_FORMAT=json} for JSON Lines, anything else plain lines. */
    enum Format {
        TEXT,
        JSON;

        static Format chosen() {
            String value = System.getenv("ATTEST_LOG_FORMAT");
            return value != null && value.strip().equalsIgnoreCase("json") ? JSON : TEXT;
        }
    }

    static void configure() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        var handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(Format.chosen() == Format.JSON ? new JsonLineFormatter() : new LineFormatter());
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        for (String noisy : new String[] {"io.helidon", "com.zaxxer.hikari", "org.flywaydb", "org.jdbi"}) {
            Logger logger = Logger.getLogger(noisy);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
        }
    }

    /**
     * {@code <time> <level> <logger> <message>} on one line, then the stack trace of a thrown exception with each of
     * its messages escaped likewise. Log messages carry untrusted text (event fields, header values, exception
     * messages quoting input): a line break in one would forge a log line, an ESC sequence would rewrite the
     * terminal, and a bidirectional control would reorder what a reader sees.
     */
    static final class LineFormatter extends Formatter {
        static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
                .withZone(ZoneOffset.UTC);

        @Override
        public String format(LogRecord record) {
            var line = new StringBuilder(128);
            line.append(TIME.format(record.getInstant()))
                    .append(' ')
                    .append(record.getLevel().getName())
                    .append(' ');
            escape(line, String.valueOf(record.getLoggerName()));
            line.append(' ');
            escape(line, formatMessage(record));
            line.append(System.lineSeparator());
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                trace(line, thrown, "", "", Collections.newSetFromMap(new IdentityHashMap<>()));
            }
            return line.toString();
        }

        /** As {@link Throwable#printStackTrace()}, with every message escaped and no frames elided. */
        private static void trace(
                StringBuilder out, Throwable thrown, String caption, String indent, Set<Throwable> seen) {
            if (!seen.add(thrown)) {
                out.append(indent).append(caption).append("[cycle] ");
                escape(out, thrown.toString());
                out.append(System.lineSeparator());
                return;
            }
            out.append(indent).append(caption);
            escape(out, thrown.toString());
            out.append(System.lineSeparator());
            for (StackTraceElement frame : thrown.getStackTrace()) {
                out.append(indent).append("\tat ");
                escape(out, frame.toString());
                out.append(System.lineSeparator());
            }
            for (Throwable suppressed : thrown.getSuppressed()) {
                trace(out, suppressed, "Suppressed: ", indent + "\t", seen);
            }
            Throwable cause = thrown.getCause();
            if (cause != null) {
                trace(out, cause, "Caused by: ", indent, seen);
            }
        }

        /**
         * Appends {@code text} with the backslash doubled, line breaks and tabs as {@code \n}, {@code \r},
         * {@code \t}, and every other control character (C0, DEL, C1), line or paragraph separator (U+2028,
         * U+2029), bidirectional control and unpaired surrogate as {@code \}{@code uXXXX}.
         */
        static void escape(StringBuilder out, @Nullable String text) {
            if (text == null) {
                out.append("null");
                return;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (unsafe(text, i)) {
                            out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
        }

        static boolean unsafe(String text, int i) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || BidiControls.contains(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
            }
            return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
        }
    }

    /**
     * One JSON object per line, for log shippers: {@code time}, {@code level}, {@code logger}, {@code message}, and
     * for a message written as {@code "text key={0} other={1}"} each parameter under its key, so that a request line
     * gives {@code id}, {@code route}, {@code status} and {@code duration_ms} as fields. A thrown exception's trace is
     * in {@code error}. Every control character, line or paragraph separator, bidirectional control and unpaired
     * surrogate is written as a {@code \}{@code uXXXX} escape, so a line is always one line of valid JSON.
     */
    static final class JsonLineFormatter extends Formatter {
        private static final java.util.regex.Pattern FIELD = java.util.regex.Pattern.compile("([a-z_]+)=\\{(\\d)\\}");

        @Override
        public String format(LogRecord record) {
            var json = new StringBuilder(256).append('{');
            field(json, "time", LineFormatter.TIME.format(record.getInstant()));
            json.append(',');
            field(json, "level", record.getLevel().getName());
            json.append(',');
            field(json, "logger", String.valueOf(record.getLoggerName()));
            json.append(',');
            field(json, "message", formatMessage(record));
            @Nullable Object[] parameters = record.getParameters();
            String pattern = record.getMessage();
            if (parameters != null && pattern != null) {
                var fields = FIELD.matcher(pattern);
                while (fields.find()) {
                    int index = fields.group(2).charAt(0) - '0';
                    if (index < parameters.length && !fields.group(1).equals("message")) {
                        json.append(',');
                        field(json, fields.group(1), String.valueOf(parameters[index]));
                    }
                }
            }
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                var trace = new java.io.StringWriter();
                thrown.printStackTrace(new java.io.PrintWriter(trace));
                json.append(',');
                field(json, "error", trace.toString());
            }
            return json.append('}').append(System.lineSeparator()).toString();
        }

        private static void field(StringBuilder json, String name, String value) {
            string(json, name);
            json.append(':');
            string(json, value);
        }

        /** A JSON string (RFC 8259 §7) with everything that could break or disguise the line escaped. */
        static void string(StringBuilder json, String text) {
            json.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    default -> {
                        if (LineFormatter.unsafe(text, i)) {
                            json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            json.append('"');
        }
    }
}
