package dev.attest.bench;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.NewEvent;
import dev.attest.core.store.AppendRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Export speed (issue 14): a real server's JSON Lines export ({@code GET /v1/organizations/{org}/export}, API key) of
 * one organization's log, in rows per second, against a raw JDBC cursor over the same rows in the same order on the
 * same file (the baseline: reading the stored bytes without Attest). Alternates the two three times; medians. (The
 * console's CSV export is a POST with a session's form token; it is not measured here yet.)
 *
 * <pre>bench/run export [--events N]      (default 200,000; --quick 50,000)</pre>
 */
public final class ExportBench {
    private ExportBench() {}

    public static void main(String[] args) throws Exception {
        int events = 200_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                events = 50_000;
            } else if (args[i].equals("--events") && i + 1 < args.length) {
                events = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown flag " + args[i] + " (--quick, --events N)");
            }
        }
        Clock clock = Clock.systemUTC();
        Path data = Files.createTempDirectory("attest-export-bench");
        try (var target = new IngestBench.Server(data, clock)) {
            fill(target, clock, events);
            String org = target.organization.value();
            var figures = new double[2][3];
            for (int round = 0; round < 3; round++) {
                figures[0][round] = rate(events, () -> rawCursor(data, org, "seq"));
                figures[1][round] = rate(events, () -> http(target, "/v1/organizations/" + org + "/export"));
            }
            double rawJsonl = median(figures[0]);
            double jsonl = median(figures[1]);
            System.out.printf(
                    Locale.ROOT,
                    "export of %,d events (medians of 3, rows/s)%n"
                            + "(e0) raw JDBC cursor, leaf_data by seq          %,10.0f  %s%n"
                            + "(e1) JSON Lines over HTTP (API export)          %,10.0f  %s  = %.0f%% of (e0) (target >= 70%%)%n",
                    events,
                    rawJsonl,
                    Arrays.toString(figures[0]),
                    jsonl,
                    Arrays.toString(figures[1]),
                    100 * jsonl / rawJsonl);
        } finally {
            IntegrityBench.deleteTree(data);
        }
    }

    /** Appends {@code count} events of the benchmark's mix through the store, 5,000 per transaction. */
    static void fill(IngestBench.Server target, Clock clock, int count) {
        List<NewEvent> events = Bodies.events(new EventMix(7, "acme.test", "Acme"), count, clock.instant());
        for (int from = 0; from < count; from += 5_000) {
            var group = new ArrayList<NewEvent>();
            for (int i = from; i < Math.min(count, from + 5_000); i++) {
                group.add(Bodies.withId(events.get(i), "x" + i));
            }
            target.storage
                    .events()
                    .append(List.of(new AppendRequest(
                            target.organization, EventParser.truncateToMicros(clock.instant()), group)));
        }
    }

    /** Rows per second of one timed run that returns the rows it read. */
    private static double rate(int expected, Timed run) throws Exception {
        long start = System.nanoTime();
        long rows = run.rows();
        long nanos = System.nanoTime() - start;
        if (rows != expected) {
            throw new IllegalStateException("read " + rows + " rows, expected " + expected);
        }
        return rows * 1e9 / nanos;
    }

    private interface Timed {
        long rows() throws Exception;
    }

    /** Lines of the body of one GET (the JSON Lines export has one per event; CSV one more, its header). */
    private static long http(IngestBench.Server target, String path) throws Exception {
        try (var http = target.connect()) {
            PlainHttp.Response response = http.get(path);
            if (response.status() != 200) {
                throw new IllegalStateException(path + " answered " + response.status() + ": " + response.text());
            }
            long lines = 0;
            for (byte b : response.body()) {
                if (b == '\n') {
                    lines++;
                }
            }
            return lines;
        }
    }

    /** Every row's stored bytes and leaf hash of the organization, in {@code order}, through plain JDBC. */
    private static long rawCursor(Path data, String org, String order) throws Exception {
        String columns = "leaf_data, leaf_hash";
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("attest.db"));
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + columns + " FROM events WHERE organization_id = ? ORDER BY " + order)) {
            select.setString(1, org);
            select.setFetchSize(1_000);
            long rows = 0;
            long bytes = 0;
            try (ResultSet rs = select.executeQuery()) {
                int count = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int c = 1; c <= count; c++) {
                        Object value = rs.getObject(c);
                        bytes += value instanceof byte[] b
                                ? b.length
                                : String.valueOf(value).length();
                    }
                    rows++;
                }
            }
            return bytes > 0 ? rows : -1;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
