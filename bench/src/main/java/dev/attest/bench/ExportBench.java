package dev.attest.bench;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.NewEvent;
import dev.attest.core.member.Role;
import dev.attest.core.store.AppendRequest;
import dev.attest.server.console.Accounts;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Export speed (issue 14): a real server's JSON Lines export ({@code GET /v1/organizations/{org}/export}, API key) of
 * one organization's log, in rows per second, against a raw JDBC cursor over the same rows in the same order on the
 * same file (the baseline: reading the stored bytes without Attest), and the console's CSV and JSON Lines exports
 * (a signed-in admin's form posts, every event of the log through the query pages) against a raw cursor over the
 * columns a CSV row shows. One untimed round warms every path; then five alternating rounds; medians.
 *
 * <pre>bench/run export [--events N]      (default 200,000; --quick 50,000); also a phase of bench/run sqlite|postgres</pre>
 */
public final class ExportBench {
    private static final int ROUNDS = 5;

    /**
     * The stored columns a CSV row shows (its payload only in {@code leaf_data}): what a raw reader of the table
     * would read to write the same file.
     */
    private static final String CSV_COLUMNS = "seq, id, occurred_at, received_at, action, category, critical, outcome,"
            + " workspace, actor_type, actor_id, actor_name, actor_email, actor_role, target_type, target_id,"
            + " target_name, ip, user_agent, request_id, leaf_data, leaf_hash";

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
        Path scratch = Files.createTempDirectory("attest-export-bench");
        try {
            var report = new Report();
            measure(new SqliteBackend(scratch, clock), clock, events, report, System.out);
            report.print(System.out);
        } finally {
            Bench.delete(scratch);
        }
    }

    /** (e0)–(e4) over a fresh store of {@code backend} holding {@code events} events; the targets go to the report. */
    static void measure(Backend backend, Clock clock, int events, Report report, PrintStream out) throws Exception {
        try (var target = new IngestBench.Server(backend.fresh("export", 8, true), clock)) {
            fill(target, clock, events);
            // As autovacuum would within a minute of such a load: a PostgreSQL table just filled has no statistics,
            // and its planner then sorts the whole log for every page of the console's export.
            backend.afterBulkLoad(target.store);
            String org = target.organization.value();
            Console console = Console.signIn(target, clock);
            var figures = new double[4][ROUNDS];
            for (int round = -1; round < ROUNDS; round++) {
                double[] rates = {
                    rate(events, () -> rawCursor(target.store, org, "leaf_data, leaf_hash")),
                    rate(events, () -> http(target, "/v1/organizations/" + org + "/export")),
                    rate(events, () -> rawCursor(target.store, org, CSV_COLUMNS)),
                    rate(events + 1, () -> console.export("csv")),
                };
                if (round >= 0) {
                    for (int f = 0; f < rates.length; f++) {
                        figures[f][round] = rates[f];
                    }
                }
            }
            double consoleJsonl = rate(events, () -> console.export("jsonl"));
            // What the load generator itself costs per row of (e1) on these shared cores: the same work over the same
            // body held in memory (it runs beside the server during (e1)).
            byte[] body;
            try (var http = target.connect()) {
                body = http.get("/v1/organizations/" + org + "/export").body();
            }
            var clientRates = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                clientRates[round] = rate(events, () -> PlainHttp.LineCounter.count(body));
            }
            double client = median(clientRates);
            double e0 = median(figures[0]);
            double e1 = median(figures[1]);
            double e2 = median(figures[2]);
            double e3 = median(figures[3]);
            double e1Net = 1 / (1 / e1 - 1 / client);
            out.printf(
                    Locale.ROOT,
                    "export of %,d events (medians of %d after a warm-up round, rows/s)%n"
                            + "(e0) raw JDBC cursor, leaf_data and leaf_hash by seq   %,10.0f  %s%n"
                            + "(e1) API JSON Lines over HTTP                         %,10.0f  %s  = %.0f%% of (e0)%n"
                            + "(e2) raw JDBC cursor, the CSV's columns by seq        %,10.0f  %s%n"
                            + "(e3) console CSV over HTTP (signed-in admin)         %,10.0f  %s  = %.0f%% of (e2)%n"
                            + "(e4) console JSON Lines over HTTP, one run            %,10.0f%n"
                            + "     the client's own work in (e1): %,.0f rows/s alone; (e1) without it = %.0f%% of (e0)%n",
                    events,
                    ROUNDS,
                    e0,
                    rounded(figures[0]),
                    e1,
                    rounded(figures[1]),
                    100 * e1 / e0,
                    e2,
                    rounded(figures[2]),
                    e3,
                    rounded(figures[3]),
                    100 * e3 / e2,
                    consoleJsonl,
                    client,
                    100 * e1Net / e0);
            String of = Bench.count(events) + " events, median of " + ROUNDS;
            report.info("(e0) raw JDBC cursor over leaf_data, leaf_hash by seq, " + of, rows(e0));
            report.add(new Report.Row(
                    "(e1) export API, JSON Lines over HTTP (the client's own line counting: "
                            + Bench.percent(e1 / client) + " of its time)",
                    rows(e1),
                    rows(e0) + " (e0)",
                    Bench.percent(e1 / e0),
                    ">= 70% of (e0)",
                    Report.verdict(e1 / e0 >= 0.70)));
            report.info("(e2) raw JDBC cursor over the 22 columns a CSV row shows, " + of, rows(e2));
            report.add(new Report.Row(
                    "(e3) console CSV export over HTTP, signed-in admin",
                    rows(e3),
                    rows(e2) + " (e2)",
                    Bench.percent(e3 / e2),
                    ">= 70% of (e2)",
                    Report.verdict(e3 / e2 >= 0.70)));
            report.info("(e4) console JSON Lines export over HTTP, one run", rows(consoleJsonl));
        }
    }

    private static String rows(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f rows/s", perSecond);
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

    /** Rows per second of one timed run that returns the rows it read: the events filled, and the exports' own. */
    private static double rate(int expected, Timed run) throws Exception {
        long start = System.nanoTime();
        long rows = run.rows();
        long nanos = System.nanoTime() - start;
        // Each console export records a log.export event in the same log, so later reads hold a few rows more.
        if (rows < expected || rows > expected + 4L * (ROUNDS + 2)) {
            throw new IllegalStateException("read " + rows + " rows, expected " + expected + " (and a few exports)");
        }
        return rows * 1e9 / nanos;
    }

    private interface Timed {
        long rows() throws Exception;
    }

    /** The lines of one GET's body with the API key, counted as they stream in. */
    private static long http(IngestBench.Server target, String path) throws Exception {
        try (var http = target.connect()) {
            return http.getLines(path);
        }
    }

    /**
     * An admin of the benchmark's organization signed in to the console, as a browser is: a session cookie and the
     * session's form token, forms posted with the console's own origin.
     */
    private record Console(HttpClient http, URI base, String organization, String csrf) {
        private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

        static Console signIn(IngestBench.Server target, Clock clock) throws Exception {
            String email = "admin@bench.test";
            String password = new Accounts(target.storage, clock)
                    .createMember(target.organization, email, "Bench Admin", Role.ADMIN)
                    .password();
            var http = HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            URI base = URI.create("http://127.0.0.1:" + target.server.port());
            var console = new Console(http, base, target.organization.value(), "");
            String signInToken = csrf(console.send(HttpRequest.newBuilder(base.resolve("/sign-in")), "/sign-in"));
            String landing = console.send(
                    console.form(
                            "/sign-in",
                            "csrf=" + signInToken + "&email=" + email + "&password="
                                    + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8) + "&next="),
                    "/sign-in");
            return new Console(http, base, console.organization(), csrf(landing));
        }

        /**
         * The lines of the whole log in {@code format} through the console's Export button (no filter but the widest
         * range), counted as they stream in.
         */
        long export(String format) throws Exception {
            HttpResponse<InputStream> response = http.send(
                    form("/orgs/" + organization + "/export." + format, "csrf=" + csrf + "&range=all")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("export." + format + " answered " + response.statusCode());
                }
                long lines = 0;
                byte[] buffer = new byte[64 * 1024];
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
                return lines;
            }
        }

        private HttpRequest.Builder form(String path, String body) {
            return HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", base.toString())
                    .header("Sec-Fetch-Site", "same-origin")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        }

        private String send(HttpRequest.Builder request, String what) throws Exception {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }

        private static String csrf(String html) {
            Matcher token = CSRF.matcher(html);
            if (!token.find()) {
                throw new IllegalStateException("no form token on the page");
            }
            return token.group(1);
        }
    }

    /** Every row's {@code columns} of the organization, in {@code seq} order, through plain JDBC. */
    private static long rawCursor(Backend.Store store, String org, String columns) throws Exception {
        try (Connection connection = store.connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + columns + " FROM events WHERE organization_id = ? ORDER BY seq")) {
            // PostgreSQL streams a result in fetch-size slices only inside a transaction.
            connection.setAutoCommit(false);
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
            connection.rollback();
            return bytes > 0 ? rows : -1;
        }
    }

    private static String rounded(double[] values) {
        return Arrays.stream(values)
                .mapToObj(v -> String.format(Locale.ROOT, "%,.0f", v))
                .toList()
                .toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
