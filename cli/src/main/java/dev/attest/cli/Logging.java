package dev.attest.cli;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per log record on standard error; Helidon's start-up chatter is kept to warnings. */
final class Logging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(
                    "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** JUL keeps loggers weakly: a configured level is lost once its logger is collected, unless held here. */
    private static final java.util.List<Logger> QUIETED = new java.util.ArrayList<>();

    private Logging() {}

    static void configure() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        var handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                String line = TIME.format(record.getInstant()) + " "
                        + record.getLevel().getName() + " " + record.getLoggerName() + " " + formatMessage(record)
                        + System.lineSeparator();
                if (record.getThrown() != null) {
                    var trace = new java.io.StringWriter();
                    record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                    line += trace;
                }
                return line;
            }
        });
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        for (String noisy : new String[] {"io.helidon", "com.zaxxer.hikari", "org.flywaydb", "org.jdbi"}) {
            Logger logger = Logger.getLogger(noisy);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
        }
    }
}
