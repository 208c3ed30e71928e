// CPU µs per acknowledged event, by thread kind and by stage of the write path, from a JFR recording made with
// jdk.CPUTimeSample (bench/profile/record) and the /proc samples taken beside it (bench/profile/procsample.py).
//
// usage: java bench/profile/Budget.java REC.jfr --spans
//            thread groups (digits folded) with their first and last sample, to choose a window
//        java bench/profile/Budget.java REC.jfr REC.proc.jsonl (--window REGEX [--skip S] [--length S]
//                | --from INSTANT --to INSTANT) (--events N | --rate EVENTS_PER_S) [--dump N]
//            the window runs from the first to the last sample (or start/end) of the threads whose name matches
//            REGEX, minus --skip seconds at its start, cut to --length seconds; --events is what was acknowledged
//            in it, or --rate × its length; --dump prints the N heaviest innermost frames per stage.
//
// A sample stands for its samplingPeriod (5 ms of the thread's CPU); samples JFR reports lost in the window are
// spread pro rata. JIT, GC and other JVM threads are not Java threads and are not sampled: their CPU comes from
// /proc (per thread, utime + stime), as do PostgreSQL's backends and the writer's time in fsync (state samples).
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

public class Budget {

    /** Stages in table order; every server or writer sample lands in exactly one. */
    static final List<String> STAGES = List.of(
            "HTTP (Helidon read/parse, virtual threads)",
            "API-key authentication",
            "JSON parse (JsonBodies)",
            "validation (EventParser)",
            "canonical JSON (LeafTemplate, CanonicalJson)",
            "SHA-256 (leaf hashes)",
            "Merkle tree (TreeAppender, node hashes)",
            "sequencer (submit, queue, group, futures)",
            "group assembly + row building (AppendEvents, EventRow, COPY text)",
            "events INSERT / COPY (driver + database)",
            "id lookup, heads, tree-node statements",
            "transaction begin, pool, other JDBC",
            "commit (SQLite: WAL write + fsync call)",
            "response (JSON + socket write)",
            "request log line (java.util.logging; on in PostgresBench)",
            "other server work");

    /** Stages an Attest frame decides by its class, checked in this order before the storage rules in stage(). */
    static final Map<String, List<String>> FRAME_STAGES = new LinkedHashMap<>();

    static {
        FRAME_STAGES.put("Merkle tree (TreeAppender, node hashes)", List.of(
                "dev.attest.core.log.TreeAppender", "dev.attest.integrity.TreeBuilder",
                "dev.attest.integrity.NodeHasher", "dev.attest.integrity.MerkleHash",
                "dev.attest.integrity.InMemorySubtreeHashes", "dev.attest.storage.jdbc.JdbcTreeHashes"));
        FRAME_STAGES.put("canonical JSON (LeafTemplate, CanonicalJson)", List.of(
                "dev.attest.core.log.Leaf", "dev.attest.integrity.CanonicalJson",
                "dev.attest.integrity.EcmaScriptNumber", "dev.attest.integrity.LeafHashPrefix"));
        FRAME_STAGES.put("validation (EventParser)", List.of("dev.attest.core.event."));
        FRAME_STAGES.put("JSON parse (JsonBodies)", List.of("dev.attest.server.JsonBodies"));
        FRAME_STAGES.put("sequencer (submit, queue, group, futures)", List.of("dev.attest.core.ingest.Sequencer"));
    }

    record Window(Instant from, Instant to) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }

        double seconds() {
            return Duration.between(from, to).toNanos() / 1e9;
        }
    }

    public static void main(String[] args) throws IOException {
        Path jfr = Path.of(args[0]);
        if (args.length > 1 && args[1].equals("--spans")) {
            spans(jfr);
            return;
        }
        Path proc = Path.of(args[1]);
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Window window = options.containsKey("--from")
                ? new Window(Instant.parse(options.get("--from")), Instant.parse(options.get("--to")))
                : window(jfr, Pattern.compile(options.get("--window")), options);
        double events = options.containsKey("--events")
                ? Double.parseDouble(options.get("--events"))
                : Double.parseDouble(options.get("--rate")) * window.seconds();
        int dump = Integer.parseInt(options.getOrDefault("--dump", "0"));
        report(jfr, proc, window, events, dump);
    }

    static String group(String name) {
        // Executors' pools stay apart (pool-1-thread-N, pool-2-thread-N): PostgresBench starts one per phase.
        return name.matches("pool-\\d+-thread-\\d+") ? name.replaceAll("-thread-\\d+", "-thread-N")
                : name.replaceAll("\\d+", "N");
    }

    static void spans(Path jfr) throws IOException {
        var first = new TreeMap<String, Instant>();
        var last = new HashMap<String, Instant>();
        var count = new HashMap<String, Integer>();
        try (var file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                boolean sample = type.equals("jdk.CPUTimeSample");
                if (!sample && !type.equals("jdk.ThreadStart") && !type.equals("jdk.ThreadEnd")) {
                    continue;
                }
                RecordedThread t = sample ? e.getThread("eventThread") : e.getThread("thread");
                if (t == null) {
                    continue;
                }
                String g = group(name(t));
                first.merge(g, e.getStartTime(), (a, b) -> a.isBefore(b) ? a : b);
                last.merge(g, e.getStartTime(), (a, b) -> a.isAfter(b) ? a : b);
                if (type.equals("jdk.CPUTimeSample")) {
                    count.merge(g, 1, Integer::sum);
                }
            }
        }
        first.forEach((g, f) -> System.out.printf(
                Locale.ROOT, "%-50s %s .. %s  %6d samples%n", g, f, last.get(g), count.getOrDefault(g, 0)));
    }

    static String name(RecordedThread t) {
        String n = t.getJavaName();
        if (n == null || n.isEmpty()) {
            n = t.getOSName() == null ? "" : t.getOSName();
        }
        return n;
    }

    static Window window(Path jfr, Pattern threads, Map<String, String> options) throws IOException {
        Instant from = null;
        Instant to = null;
        try (var file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                RecordedThread t = switch (type) {
                    case "jdk.CPUTimeSample" -> e.getThread("eventThread");
                    case "jdk.ThreadStart", "jdk.ThreadEnd" -> e.getThread("thread");
                    default -> null;
                };
                if (t != null && threads.matcher(name(t)).matches()) {
                    Instant at = e.getStartTime();
                    from = from == null || at.isBefore(from) ? at : from;
                    to = to == null || at.isAfter(to) ? at : to;
                }
            }
        }
        if (from == null) {
            throw new IllegalArgumentException("no thread matches " + threads);
        }
        double skip = Double.parseDouble(options.getOrDefault("--skip", "0"));
        from = from.plusNanos((long) (skip * 1e9));
        if (options.containsKey("--length")) {
            to = from.plusNanos((long) (Double.parseDouble(options.get("--length")) * 1e9));
        }
        return new Window(from, to);
    }

    /** What a Java thread is, from its name and, for pooled threads, its stack. */
    static String kind(RecordedThread t, List<RecordedFrame> frames) {
        String n = name(t);
        if (has(frames, "dev.attest.bench.PlainHttp") || has(frames, "jdk.internal.net.http")
                || has(frames, "java.net.http")
                || has(frames, "dev.attest.bench.postgres.PostgresBench.lambda$attestHttp")) {
            return "load generator";
        }
        String named = byName(n);
        if (named != null) {
            return named;
        }
        if (t.isVirtual() || n.startsWith("ForkJoinPool") || has(frames, "io.helidon")) {
            return "request threads";
        }
        if (has(frames, "jdk.jfr")) {
            return "JFR";
        }
        if (n.equals("main") || n.startsWith("bench-")) {
            return "bench harness";
        }
        return "other Java";
    }

    /** Thread kinds by name prefix; the prefixes fit in the 15 characters /proc keeps of a thread's name. */
    static final List<Map.Entry<String, String>> NAME_KINDS = List.of(
            Map.entry("bench-client", "load generator"),
            Map.entry("HttpClient", "load generator"),
            Map.entry("attest-sequence", "writer"),
            Map.entry("attest-sqlite-c", "WAL checkpointer"),
            Map.entry("attest-checkpoi", "log checkpointer"),
            Map.entry("ForkJoinPool", "request threads"),
            Map.entry("JFR", "JFR"));

    static String byName(String name) {
        for (var entry : NAME_KINDS) {
            if (name.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    static boolean has(List<RecordedFrame> frames, String prefix) {
        for (RecordedFrame f : frames) {
            if (f.getMethod() != null && qualified(f).startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static String qualified(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** The stage of a server-side sample: a few callers decide wherever they are, else the innermost known frame. */
    static String stage(List<RecordedFrame> frames) {
        if (has(frames, "dev.attest.server.ApiKeyAuthenticator") || has(frames, "dev.attest.server.ApiKeyCache")) {
            return "API-key authentication";
        }
        for (RecordedFrame f : frames) {
            if (f.getMethod() == null) {
                continue;
            }
            String q = qualified(f);
            if (q.endsWith(".commit") && (q.startsWith("org.sqlite") || q.startsWith("org.postgresql")
                    || q.startsWith("org.jdbi") || q.startsWith("com.zaxxer"))) {
                return "commit (SQLite: WAL write + fsync call)";
            }
        }
        if (has(frames, "dev.attest.server.Routes.sendJson") || has(frames, "dev.attest.server.EventRoutes.sendJson")
                || has(frames, "io.helidon.webserver.http1.Http1ServerResponse")
                || has(frames, "dev.attest.server.EventRoutes.result")) {
            return "response (JSON + socket write)";
        }
        if (has(frames, "dev.attest.server.RequestLog") && (has(frames, "java.util.logging")
                || has(frames, "sun.util.logging") || has(frames, "java.lang.System$Logger"))) {
            return "request log line (java.util.logging; on in PostgresBench)";
        }
        if (has(frames, "dev.attest.core.event.IdGenerator")) {
            return "validation (EventParser)";
        }
        for (RecordedFrame f : frames) {
            if (f.getMethod() == null) {
                continue;
            }
            String q = qualified(f);
            if (q.startsWith("sun.security.provider.") || q.startsWith("java.security.MessageDigest")) {
                return has(frames, "dev.attest.core.log.TreeAppender")
                                || has(frames, "dev.attest.integrity.TreeBuilder")
                                || has(frames, "dev.attest.integrity.NodeHasher")
                                || has(frames, "dev.attest.integrity.MerkleHash")
                        ? "Merkle tree (TreeAppender, node hashes)"
                        : "SHA-256 (leaf hashes)";
            }
            if (!q.startsWith("dev.attest.")) {
                continue;
            }
            String m = f.getMethod().getName();
            for (var rule : FRAME_STAGES.entrySet()) {
                for (String prefix : rule.getValue()) {
                    if (q.startsWith(prefix)) {
                        return rule.getKey();
                    }
                }
            }
            if (q.startsWith("dev.attest.storage.") && (m.contains("insertEvents") || m.equals("insertBatch"))) {
                return "events INSERT / COPY (driver + database)";
            }
            if (q.startsWith("dev.attest.storage.jdbc.AppendEvents")
                    && (m.contains("lockHeads") || m.contains("storedSeqs") || m.contains("writeNodes")
                            || m.contains("writeHeads"))) {
                return "id lookup, heads, tree-node statements";
            }
            if (q.startsWith("dev.attest.storage.jdbc.AppendEvents") || q.startsWith("dev.attest.storage.jdbc.EventRow")
                    || q.startsWith("dev.attest.storage.jdbc.LeafData")
                    || q.startsWith("dev.attest.storage.postgres.CopyText")) {
                return "group assembly + row building (AppendEvents, EventRow, COPY text)";
            }
            if (q.startsWith("dev.attest.storage.")) {
                return "transaction begin, pool, other JDBC";
            }
            if (q.startsWith("dev.attest.server.")) {
                return "HTTP (Helidon read/parse, virtual threads)";
            }
        }
        if (has(frames, "org.sqlite") || has(frames, "org.postgresql") || has(frames, "org.jdbi")
                || has(frames, "com.zaxxer")) {
            return "transaction begin, pool, other JDBC";
        }
        if (has(frames, "io.helidon")) {
            return "HTTP (Helidon read/parse, virtual threads)";
        }
        return "other server work";
    }

    /** The innermost frame of the sample, and the innermost Attest frame if that is another: for --dump. */
    static String where(List<RecordedFrame> frames) {
        String inner = frames.isEmpty() || frames.get(0).getMethod() == null ? "?" : qualified(frames.get(0));
        for (RecordedFrame f : frames) {
            if (f.getMethod() != null && qualified(f).startsWith("dev.attest.")) {
                String a = qualified(f);
                return a.equals(inner) ? a : inner + " < " + a;
            }
        }
        return inner;
    }

    static String procKind(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "JIT";
        }
        if (comm.startsWith("GC ") || comm.startsWith("G1 ")) {
            return "GC";
        }
        // pool-N-thread-M: PostgresBench's clients (in the SQLite benchmark, (a')'s checkpointer, outside (b1)).
        if (comm.startsWith("pool-")) {
            return "load generator";
        }
        String named = byName(comm);
        if (named != null) {
            return named;
        }
        return "other (" + group(comm) + ")";
    }

    @SuppressWarnings("unchecked")
    static void report(Path jfr, Path procFile, Window window, double events, int dump) throws IOException {
        var samples = new TreeMap<String, Double>(); // "kind|stage" -> seconds of CPU
        var where = new HashMap<String, Map<String, Double>>();
        double lost = 0;
        double sampled = 0;
        try (var file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (!window.contains(e.getStartTime())) {
                    continue;
                }
                if (type.equals("jdk.CPUTimeSamplesLost")) {
                    lost += e.getInt("lostSamples");
                    continue;
                }
                if (!type.equals("jdk.CPUTimeSample")) {
                    continue;
                }
                double seconds = e.getDuration("samplingPeriod").toNanos() / 1e9;
                List<RecordedFrame> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames();
                String kind = kind(e.getThread("eventThread"), frames);
                String stage = kind.equals("request threads") || kind.equals("writer") ? stage(frames) : "";
                samples.merge(kind + "|" + stage, seconds, Double::sum);
                sampled++;
                if (dump > 0 && !stage.isEmpty()) {
                    where.computeIfAbsent(stage, s -> new HashMap<>()).merge(where(frames), seconds, Double::sum);
                }
            }
        }
        double scale = sampled == 0 ? 1 : (sampled + lost) / sampled;
        double perEvent = 1e6 / events * scale;

        // /proc: CPU per thread kind over the window (each thread: last minus first value seen inside it, or minus
        // zero if it started inside), PostgreSQL backends, the writers' states.
        var first = new HashMap<String, long[]>();
        var last = new HashMap<String, long[]>();
        var comms = new HashMap<String, String>();
        var writerStates = new TreeMap<String, Integer>();
        var schedFirst = new HashMap<String, long[]>();
        var schedLast = new HashMap<String, long[]>();
        int writerTicks = 0;
        double load = 0;
        int loads = 0;
        var mapper = new MiniJson();
        for (String line : Files.readAllLines(procFile)) {
            Map<String, Object> row = (Map<String, Object>) mapper.parse(line);
            Instant t = Instant.ofEpochMilli((long) ((Number) row.get("t")).doubleValue());
            if (!window.contains(t)) {
                continue;
            }
            var w = (Map<String, Object>) row.get("w");
            for (var writer : w.entrySet()) {
                var s = (List<Object>) writer.getValue();
                if (s.size() >= 5) {
                    long[] sched = {((Number) s.get(3)).longValue(), ((Number) s.get(4)).longValue()};
                    schedFirst.putIfAbsent(writer.getKey(), sched);
                    schedLast.put(writer.getKey(), sched);
                }
                String state = (String) s.get(0);
                String call = (String) s.get(1);
                String label = state.equals("R")
                        ? "running or runnable"
                        : call.equals("74") || call.equals("75") ? "in fsync/fdatasync" : "waiting (" + s.get(2) + ")";
                if (!state.equals("R") && (call.equals("17") || call.equals("18"))) {
                    label = "in pread/pwrite (blocked)";
                }
                if (!state.equals("R") && call.equals("202")) {
                    label = "idle or waiting on a lock (futex)";
                }
                writerStates.merge(label, 1, Integer::sum);
                writerTicks++;
            }
            if (row.containsKey("cpu")) {
                load += ((Number) row.get("load")).doubleValue();
                loads++;
                for (String key : List.of("cpu", "pg", "pgother")) {
                    var m = (Map<String, Object>) row.get(key);
                    for (var entry : m.entrySet()) {
                        String id = key + ":" + entry.getKey();
                        long ticks;
                        if (key.equals("cpu")) {
                            var v = (List<Object>) entry.getValue();
                            comms.put(id, (String) v.get(0));
                            ticks = ((Number) v.get(1)).longValue();
                        } else {
                            comms.put(id, key);
                            ticks = ((Number) entry.getValue()).longValue();
                        }
                        first.putIfAbsent(id, new long[] {ticks});
                        last.put(id, new long[] {ticks});
                    }
                }
            }
        }
        var procCpu = new TreeMap<String, Double>();
        for (var entry : last.entrySet()) {
            String comm = comms.get(entry.getKey());
            String kind = comm.equals("pg")
                    ? "PostgreSQL backends (the bench database)"
                    : comm.equals("pgother")
                            ? "PostgreSQL other processes (walwriter, checkpointer …)"
                            : procKind(comm);
            double ticks = entry.getValue()[0] - first.get(entry.getKey())[0];
            procCpu.merge(kind, ticks / 100.0, Double::sum);
        }

        System.out.printf(Locale.ROOT, "window %s .. %s (%.1f s), %,.0f events (%,.0f/s), mean load %.2f%n",
                window.from(), window.to(), window.seconds(), events, events / window.seconds(),
                loads == 0 ? 0 : load / loads);
        System.out.printf(Locale.ROOT, "JFR: %,.0f samples, %,.0f lost (spread pro rata, x%.3f)%n%n", sampled, lost,
                scale);
        System.out.println(
                "| stage (JFR CPU-time samples, request threads + writer) | request threads | writer | CPU µs/event |");
        System.out.println("|---|---|---|---|");
        double javaTotal = 0;
        for (String stage : STAGES) {
            double r = samples.getOrDefault("request threads|" + stage, 0.0) * perEvent;
            double w = samples.getOrDefault("writer|" + stage, 0.0) * perEvent;
            javaTotal += r + w;
            if (r + w > 0) {
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", stage, r, w, r + w);
            }
        }
        System.out.printf(Locale.ROOT, "| **server total (request threads + writer)** | | | **%.1f** |%n%n", javaTotal);
        var kinds = new LinkedHashMap<String, Double>();
        samples.forEach((k, v) -> kinds.merge(k.substring(0, k.indexOf('|')), v * perEvent, Double::sum));
        System.out.println("JFR, CPU µs/event by Java thread kind:");
        kinds.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-40s %8.1f%n", k, v));
        System.out.println("/proc, CPU µs/event by thread kind (10 ms ticks, every 0.2 s):");
        procCpu.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-55s %8.1f%n", k, v * 1e6 / events));
        if (writerTicks > 0) {
            System.out.println("writer thread state samples (50 Hz), share of wall time and µs/event:");
            double wall = window.seconds();
            for (var entry : writerStates.entrySet()) {
                double share = (double) entry.getValue() / writerTicks;
                System.out.printf(Locale.ROOT, "  %-45s %5.1f%%  %8.1f µs/event%n", entry.getKey(), 100 * share,
                        share * wall * 1e6 / events);
            }
        }
        if (!schedLast.isEmpty()) {
            long onCpu = 0;
            long queued = 0;
            for (var entry : schedLast.entrySet()) {
                onCpu += entry.getValue()[0] - schedFirst.get(entry.getKey())[0];
                queued += entry.getValue()[1] - schedFirst.get(entry.getKey())[1];
            }
            System.out.printf(Locale.ROOT,
                    "writer schedstat: on a CPU %.1f%% of wall (%.1f µs/event), runnable but waiting for a CPU %.1f%%"
                            + " (%.1f µs/event)%n",
                    100 * onCpu / 1e9 / window.seconds(), onCpu / 1e3 / events,
                    100 * queued / 1e9 / window.seconds(), queued / 1e3 / events);
        }
        if (dump > 0) {
            for (String stage : STAGES) {
                Map<String, Double> w = where.get(stage);
                if (w == null) {
                    continue;
                }
                System.out.println("\n" + stage + ":");
                w.entrySet().stream()
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .limit(dump)
                        .forEach(x -> System.out.printf(Locale.ROOT, "  %7.2f µs/ev  %s%n", x.getValue() * perEvent,
                                x.getKey()));
            }
        }
    }

    /** Just enough JSON for procsample.py's lines: objects, arrays, strings without escapes, numbers. */
    static final class MiniJson {
        private String s;
        private int i;

        Object parse(String text) {
            s = text;
            i = 0;
            return value();
        }

        private Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                var map = new LinkedHashMap<String, Object>();
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                while (true) {
                    skip();
                    String key = (String) value();
                    skip();
                    i++; // ':'
                    map.put(key, value());
                    skip();
                    if (s.charAt(i++) == '}') {
                        return map;
                    }
                }
            }
            if (c == '[') {
                i++;
                var list = new ArrayList<Object>();
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    skip();
                    if (s.charAt(i++) == ']') {
                        return list;
                    }
                }
            }
            if (c == '"') {
                int end = s.indexOf('"', i + 1);
                while (s.charAt(end - 1) == '\\') {
                    end = s.indexOf('"', end + 1);
                }
                String v = s.substring(i + 1, end);
                i = end + 1;
                return v;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
