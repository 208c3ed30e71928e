package dev.attest.bench.postgres;

import dev.attest.core.event.Actor;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.EventId;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.PageRequest;
import dev.attest.integrity.NoteSigner;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import dev.attest.storage.postgres.DatabaseUrl;
import dev.attest.storage.postgres.PostgresStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Measures, in one run against one PostgreSQL server: (a) raw single-stream COPY of events into Attest's schema (same
 * indexes), (b1) Attest end to end over HTTP in batches of 100, (c) one INSERT and commit per event, (b2) single events
 * from 64 clients, (d) first-page latency of every query filter over an organization of {@code --events} events.
 *
 * <p>Usage: {@code PostgresBench <jdbc-url of a scratch database> [--events N] [--ingest N] [--seconds S]}. It creates
 * and drops schemas {@code bench_*} in that database.
 */
public final class PostgresBench {
    private static final String[] ACTIONS = {
        "user.roleChange",
        "auth.login.success",
        "auth.login.failure",
        "group.create",
        "api.key.regenerate",
        "billing.invoicePaid",
        "org.changeName",
        "user.invite"
    };

    private final Clock clock;
    /** The first event's occurred_at: five days ago, so that the query dataset's 4.3 days of events lie in the past. */
    private final Instant t0;
    /** Every event's received_at: the start of the run, whose month's partition the store makes when it opens. */
    private final Instant receivedAt;

    private PostgresBench(Clock clock) {
        this.clock = clock;
        this.receivedAt = EventParser.truncateToMicros(clock.instant());
        this.t0 = receivedAt.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(5));
    }

    public static void main(String[] args) throws Exception {
        new PostgresBench(Clock.systemUTC()).run(args);
    }

    private void run(String[] args) throws Exception {
        String base = args[0];
        long events = option(args, "--events", 1_000_000);
        int ingest = (int) option(args, "--ingest", 200_000);
        int seconds = (int) option(args, "--seconds", 20);
        var figures = new LinkedHashMap<String, String>();

        double copy = rawCopy(schema(base, "bench_copy"), ingest);
        figures.put("(a) raw COPY, 1 stream", perSecond(copy));
        double batched = attestHttp(schema(base, "bench_http"), ingest, 100, 8, 0);
        figures.put(
                "(b1) Attest HTTP, batches of 100, 8 clients",
                perSecond(batched) + " (" + Math.round(100 * batched / copy) + "% of (a))");
        double naive = naive(schema(base, "bench_naive"), seconds);
        figures.put("(c) naive INSERT + commit per event", perSecond(naive));
        double singles = attestHttp(schema(base, "bench_single"), 0, 1, 64, seconds);
        figures.put(
                "(b2) Attest HTTP, single events, 64 clients",
                perSecond(singles) + " (" + Math.round(singles / naive * 10) / 10.0 + "x (c))");
        queries(schema(base, "bench_query"), events, figures);

        System.out.println("\n| figure | value |\n|---|---|");
        figures.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
    }

    private static long option(String[] args, String name, long fallback) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1].replace("_", ""));
            }
        }
        return fallback;
    }

    private static String perSecond(double value) {
        return String.format(java.util.Locale.ROOT, "%,.0f events/s", value);
    }

    /** A fresh schema in the database, as a JDBC URL whose current schema it is. */
    private static String schema(String base, String name) throws Exception {
        try (var connection = DriverManager.getConnection(base);
                var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            statement.execute("CREATE SCHEMA " + name);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    private PostgresStorage open(String url, int pool) {
        return PostgresStorage.open(PostgresStorage.Settings.of(DatabaseUrl.parse(url))
                .poolSize(pool)
                .clock(clock));
    }

    private NewEvent event(long i, String prefix) {
        String action = ACTIONS[(int) (i % ACTIONS.length)];
        return new NewEvent(
                new EventId(prefix + i),
                action,
                t0.plusMillis(i * 37),
                new Actor(
                        ActorType.MEMBER,
                        "usr_" + (i % 500),
                        "User " + (i % 500),
                        "u" + (i % 500) + "@acme.test",
                        "admin"),
                new Target("user", "usr_" + (i % 2_000), "Target " + (i % 2_000)),
                action.endsWith("failure") ? Outcome.FAILURE : Outcome.SUCCESS,
                i % 10 == 0 ? "staging" : "default",
                new RequestContext("203.0.113." + (i % 250), "Mozilla/5.0 (bench)", "req_" + i),
                Map.of("from", "member", "to", "admin", "n", i));
    }

    /** (a): the rows Attest would write, by one COPY stream of 5,000 rows per transaction. */
    private double rawCopy(String url, int count) throws Exception {
        try (PostgresStorage storage = open(url, 2)) {
            OrganizationId org = org(storage, "Raw");
            // The rows, leaf hashes included, are made by the store itself into a throwaway schema, then timed alone.
            storage.events().append(List.of(new AppendRequest(org, receivedAt, List.of(event(0, "warm-")))));
        }
        String text = copyText(count);
        try (var connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            var copy = connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            String[] chunks = text.split("(?<=\n)", -1);
            long start = System.nanoTime();
            var chunk = new StringBuilder();
            int rows = 0;
            for (String line : chunks) {
                chunk.append(line);
                if (++rows % 5_000 == 0) {
                    copy.copyIn(COPY, new java.io.StringReader(chunk.toString()));
                    connection.commit();
                    chunk.setLength(0);
                }
            }
            copy.copyIn(COPY, new java.io.StringReader(chunk.toString()));
            connection.commit();
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static final String COPY = "COPY events (organization_id, seq, id, action, category, critical,"
            + " occurred_at, received_at, actor_type, actor_id, actor_name, actor_email, actor_role, target_type,"
            + " target_id, target_name, outcome, workspace, ip, user_agent, request_id, search_text, leaf_data,"
            + " leaf_hash) FROM STDIN";

    /** The same rows Attest writes, in COPY text form, precomputed so that (a) measures only the database. */
    private String copyText(int count) {
        var out = new StringBuilder(count * 400);
        var hex = java.util.HexFormat.of();
        var random = new java.util.Random(7);
        byte[] leaf = new byte[32];
        for (int i = 1; i <= count; i++) {
            NewEvent e = event(i, "raw-");
            random.nextBytes(leaf);
            String critical = String.valueOf(
                            dev.attest.core.catalog.Catalog.standard().isCritical(e.action()))
                    .substring(0, 1);
            out.append("org_raw\t")
                    .append(i + 1)
                    .append('\t')
                    .append(e.id().value())
                    .append('\t')
                    .append(e.action())
                    .append('\t')
                    .append(e.category())
                    .append('\t')
                    .append(critical)
                    .append('\t')
                    .append(e.occurredAt())
                    .append('\t')
                    .append(receivedAt)
                    .append("\tmember\t")
                    .append(e.actor().id())
                    .append('\t')
                    .append(e.actor().name())
                    .append('\t')
                    .append(e.actor().email())
                    .append("\tadmin\tuser\t")
                    .append("usr_" + (i % 2_000))
                    .append('\t')
                    .append("Target " + (i % 2_000))
                    .append('\t')
                    .append(e.outcome().wire())
                    .append('\t')
                    .append(e.workspace())
                    .append('\t')
                    .append(e.context().ip())
                    .append('\t')
                    .append(e.context().userAgent())
                    .append('\t')
                    .append(e.context().requestId())
                    .append('\t')
                    .append((e.actor().name() + "\n" + e.actor().email() + "\n" + "Target " + (i % 2_000) + "\n"
                                    + e.action())
                            .toLowerCase(java.util.Locale.ROOT)
                            .replace("\n", "\\n"))
                    .append("\t\\\\x")
                    .append(hex.formatHex(dev.attest.core.log.LeafHashes.canonicalBytes(
                            dev.attest.core.event.Event.of(new OrganizationId("org_raw"), i + 1, receivedAt, e, null))))
                    .append("\t\\\\x")
                    .append(hex.formatHex(leaf))
                    .append('\n');
        }
        return out.toString();
    }

    private OrganizationId org(PostgresStorage storage, String name) {
        var created = new Onboarding(storage.organizations(), clock).create(name);
        return created.organization().id();
    }

    /** (c): one INSERT and one commit per event, for {@code seconds}. */
    private double naive(String url, int seconds) throws Exception {
        try (PostgresStorage storage = open(url, 2)) {
            org(storage, "Naive");
        }
        try (var connection = DriverManager.getConnection(url);
                var insert = connection.prepareStatement("INSERT INTO events (organization_id, seq, id, action,"
                        + " category, critical, occurred_at, received_at, actor_type, actor_id, actor_name,"
                        + " actor_email, outcome, workspace, leaf_data, search_text) VALUES ('org_naive', ?, ?, ?,"
                        + " 'user', false, ?, ?, 'member', 'usr_1', 'User 1', 'u1@acme.test', 'success', 'default',"
                        + " ?, 'user 1')")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long start = System.nanoTime();
            long n = 0;
            while (System.nanoTime() < deadline) {
                n++;
                insert.setLong(1, n);
                insert.setString(2, "naive-" + n);
                insert.setString(3, ACTIONS[(int) (n % ACTIONS.length)]);
                insert.setObject(4, java.time.OffsetDateTime.ofInstant(t0.plusMillis(n), java.time.ZoneOffset.UTC));
                insert.setObject(5, java.time.OffsetDateTime.ofInstant(receivedAt, java.time.ZoneOffset.UTC));
                insert.setBytes(
                        6,
                        ("{\"from\":\"member\",\"n\":" + n + ",\"to\":\"admin\"}")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                insert.executeUpdate();
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * (b1) when {@code total > 0}: {@code total} events in POSTs of {@code batch} from {@code clients} clients; (b2)
     * otherwise: POSTs of {@code batch} for {@code seconds}. A real AttestServer on 127.0.0.1, 16 organizations.
     */
    private double attestHttp(String url, int total, int batch, int clients, int seconds) throws Exception {
        Path data = Files.createTempDirectory("attest-bench-pg");
        NoteSigner signer = CheckpointKey.loadOrCreate(data.resolve(CheckpointKey.FILE_NAME), "bench.local");
        try (PostgresStorage storage = open(url, 16)) {
            var orgs = new ArrayList<Map.Entry<OrganizationId, String>>();
            for (int i = 0; i < 16; i++) {
                var created = new Onboarding(storage.organizations(), clock).create("Org " + i);
                orgs.add(Map.entry(created.organization().id(), created.apiKey().secret()));
            }
            AttestServer server = AttestServer.builder()
                    .storage(storage)
                    .signer(signer)
                    .installation("bench.local")
                    .port(0)
                    .checkpointInterval(Duration.ofHours(1))
                    .build()
                    .start();
            try {
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                var sent = new AtomicLong();
                long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                long perClient = total / clients;
                long start = System.nanoTime();
                var done = new ArrayList<Future<?>>();
                for (int c = 0; c < clients; c++) {
                    var org = orgs.get(c % orgs.size());
                    int client = c;
                    done.add(pool.submit(() -> {
                        try (HttpClient http = HttpClient.newHttpClient()) {
                            String path = "http://127.0.0.1:" + server.port() + "/v1/organizations/"
                                    + org.getKey().value() + "/events";
                            long i = 0;
                            while (total > 0 ? i < perClient : System.nanoTime() < deadline) {
                                var body = new StringBuilder(batch > 1 ? "[" : "");
                                for (int j = 0; j < batch; j++) {
                                    body.append(j == 0 ? "" : ",").append(json(client + "-" + (i + j), i + j));
                                }
                                if (batch > 1) {
                                    body.append(']');
                                }
                                var response = http.send(
                                        HttpRequest.newBuilder(URI.create(path))
                                                .header("Authorization", "Bearer " + org.getValue())
                                                .header("Content-Type", "application/json")
                                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() != 201) {
                                    throw new IllegalStateException(response.statusCode() + " " + response.body());
                                }
                                i += batch;
                                sent.addAndGet(batch);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                double rate = sent.get() / ((System.nanoTime() - start) / 1e9);
                pool.shutdown();
                return rate;
            } finally {
                server.stop();
            }
        }
    }

    private String json(String id, long i) {
        return "{\"id\":\"e" + id + "\",\"action\":\"user.roleChange\",\"occurred_at\":\"" + t0.plusMillis(i)
                + "\",\"actor\":{\"type\":\"member\",\"id\":\"usr_" + (i % 500) + "\",\"name\":\"User\","
                + "\"email\":\"u" + (i % 500) + "@acme.test\",\"role\":\"owner\"},\"target\":{\"type\":\"user\","
                + "\"id\":\"usr_" + (i % 2000) + "\",\"name\":\"Target\"},\"context\":{\"ip\":\"203.0.113.7\","
                + "\"user_agent\":\"Mozilla/5.0\",\"request_id\":\"req_" + i + "\"},"
                + "\"payload\":{\"from\":\"member\",\"to\":\"admin\"}}";
    }

    /** (d): an organization of {@code count} events (plus a neighbour), then first pages of every filter. */
    private void queries(String url, long count, Map<String, String> figures) throws Exception {
        try (PostgresStorage storage = open(url, 4)) {
            OrganizationId org = org(storage, "Query");
            OrganizationId neighbour = org(storage, "Neighbour");
            long start = System.nanoTime();
            for (long from = 1; from <= count; from += 5_000) {
                var events = new ArrayList<NewEvent>(5_000);
                for (long i = from; i < Math.min(count + 1, from + 5_000); i++) {
                    events.add(event(i, "q-"));
                }
                storage.events()
                        .append(List.of(
                                new AppendRequest(org, receivedAt, events),
                                new AppendRequest(neighbour, receivedAt, events.subList(0, 250))));
            }
            figures.put(
                    "dataset: " + String.format(java.util.Locale.ROOT, "%,d", count) + " events via append",
                    String.format(java.util.Locale.ROOT, "%.0f s", (System.nanoTime() - start) / 1e9));
            try (var connection = DriverManager.getConnection(url);
                    var statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE events");
            }
            Map<String, UnaryOperator<EventFilter.Builder>> filters = new LinkedHashMap<>();
            filters.put("none", q -> q);
            filters.put(
                    "since/until (1 day)",
                    q -> q.since(t0.plus(Duration.ofDays(2))).until(t0.plus(Duration.ofDays(3))));
            filters.put("action", q -> q.actions(List.of("group.create")));
            filters.put("category", q -> q.category("auth"));
            filters.put("actor_type", q -> q.actorType(ActorType.MEMBER));
            filters.put("actor_id", q -> q.actorId("usr_42"));
            filters.put("actor_email", q -> q.actorEmail("u42@acme.test"));
            filters.put("target_type", q -> q.targetType("user"));
            filters.put("target_id", q -> q.targetId("usr_1234"));
            filters.put("outcome", q -> q.outcome(Outcome.FAILURE));
            filters.put("workspace", q -> q.workspace("staging"));
            filters.put("critical", q -> q.critical(true));
            filters.put("text (rare)", q -> q.text("user 42"));
            for (var filter : filters.entrySet()) {
                EventFilter query =
                        filter.getValue().apply(EventFilter.builder(org)).build();
                long[] nanos = new long[200];
                for (int i = 0; i < 20; i++) {
                    storage.events().query(query, PageRequest.first());
                }
                for (int i = 0; i < nanos.length; i++) {
                    long t = System.nanoTime();
                    storage.events().query(query, PageRequest.first());
                    nanos[i] = System.nanoTime() - t;
                }
                Arrays.sort(nanos);
                figures.put(
                        "(d) first page, " + filter.getKey(),
                        String.format(
                                java.util.Locale.ROOT, "p50 %.2f ms, p99 %.2f ms", nanos[100] / 1e6, nanos[197] / 1e6));
            }
        }
    }
}
