package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What reaches the log from untrusted text: one line per record, whatever the text holds. */
class LoggingTest {
    private static final String FORGED = "2026-12-01T10:00:00.000Z INFO dev.attest forged: admin signed in";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStandardError() {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        // The console handler takes standard error as it is when it is made.
        Logging.configure();
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(originalErr);
    }

    private List<String> logged() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.flush();
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void message_withLineBreaksAndEscapeSequences_isOneEscapedLine() {
        System.getLogger("dev.attest.test")
                .log(System.Logger.Level.WARNING, "rejected payload key \"k\n" + FORGED + "\r\u001B[2K\"");

        List<String> lines = logged();

        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst())
                .endsWith("WARNING dev.attest.test rejected payload key \"k\\n" + FORGED + "\\r\\u001B[2K\"")
                .doesNotContain("\u001B");
    }

    @Test
    void parameters_separatorsBidiControlsAndBackslashes_areEscapedToo() {
        System.getLogger("dev.attest.test")
                .log(
                        System.Logger.Level.INFO,
                        "user agent {0}, name {1}, path {2}, half {3}",
                        "a\u2028b\u2029c\u0085d\tz",
                        "invoice\u202Etxt.exe\u2066",
                        "C:\\n",
                        "x\uD800y");

        List<String> lines = logged();

        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst())
                .endsWith("user agent a\\u2028b\\u2029c\\u0085d\\tz, name invoice\\u202Etxt.exe\\u2066,"
                        + " path C:\\\\n, half x\\uD800y");
    }

    @Test
    void thrownException_messagesCannotForgeLinesOfTheTrace() {
        var cause = new IllegalArgumentException("bad field \"x\n" + FORGED + "\"");
        var thrown = new IllegalStateException("append failed\r\n" + FORGED, cause);

        Logger.getLogger("dev.attest.test").log(java.util.logging.Level.SEVERE, "request failed", thrown);

        List<String> lines = logged();
        assertThat(lines.getFirst()).endsWith("SEVERE dev.attest.test request failed");
        assertThat(lines.get(1)).startsWith("java.lang.IllegalStateException: append failed\\r\\n2026-12-01T");
        assertThat(lines).anyMatch(line -> line.startsWith("Caused by: java.lang.IllegalArgumentException: bad field"));
        assertThat(lines.subList(1, lines.size()))
                .allMatch(line -> line.startsWith("\tat ")
                        || line.startsWith("java.lang.IllegalStateException: ")
                        || line.startsWith("Caused by: "));
        assertThat(lines).noneMatch(line -> line.startsWith(FORGED));
    }

    @Test
    void jsonLines_requestRecord_oneValidObjectWithItsFields_controlsEscaped() {
        var record = new java.util.logging.LogRecord(
                java.util.logging.Level.INFO, "request id={0} route={1} status={2} duration_ms={3}");
        record.setLoggerName("dev.attest.http");
        record.setInstant(java.time.Instant.parse("2026-12-01T10:00:00Z"));
        record.setParameters(new Object[] {"req-1", "GET /x\n" + FORGED + "\u202E", "200", "1.50"});

        String line = new Logging.JsonLineFormatter().format(record);

        assertThat(line.lines().toList()).hasSize(1);
        assertThat(line).doesNotContain("\u202E").contains("\\u202e");
        var json = tools.jackson.databind.json.JsonMapper.shared().readTree(line);
        assertThat(json.get("time").asString()).isEqualTo("2026-12-01T10:00:00.000Z");
        assertThat(json.get("level").asString()).isEqualTo("INFO");
        assertThat(json.get("id").asString()).isEqualTo("req-1");
        assertThat(json.get("route").asString()).isEqualTo("GET /x\n" + FORGED + "\u202E");
        assertThat(json.get("status").asString()).isEqualTo("200");
        assertThat(json.get("duration_ms").asString()).isEqualTo("1.50");
    }
}
