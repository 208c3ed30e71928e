package dev.attest.bench;

import dev.attest.core.catalog.Catalog;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.EventPage;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.PageRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * First-page latency of every filter of the query API over a generated {@link Dataset}: through
 * {@link EventStore#query} (the storage as the server uses it), and for a few filters over HTTP too, to show what the
 * server adds. Each query draws fresh values (another action, another actor …) so caches see a realistic spread.
 */
final class QueryBench {
    private static final List<String> TARGET_TYPES = List.of(
            "user", "organization", "app", "invitation", "group", "document", "project", "invoice", "integration");

    /** One query: the store's form and the same as HTTP query parameters. */
    record Probe(EventFilter filter, String parameters) {}

    /** A named filter and how to draw one query of it. */
    record Filter(String name, BiFunction<SplittableRandom, Dataset.Ready, Probe> draw, boolean secondPage) {}

    /** Latencies of one filter, and the mean page size (a filter that finds nothing is suspiciously fast). */
    record Measured(String name, Latencies latencies, double meanRows, boolean cutShort) {}

    private QueryBench() {}

    static List<Filter> filters() {
        List<String> actions = EventMix.actions();
        List<String> categories =
                actions.stream().map(Catalog::categoryOf).distinct().toList();
        var filters = new ArrayList<Filter>();
        filters.add(new Filter("no filter", (r, d) -> probe(d, q -> q, ""), false));
        filters.add(new Filter(
                "since/until (7 days)",
                (r, d) -> {
                    Instant since = d.start().plus(Duration.ofHours(r.nextLong(0, 358 * 24)));
                    Instant until = since.plus(Duration.ofDays(7));
                    return probe(d, q -> q.since(since).until(until), "since=" + since + "&until=" + until);
                },
                false));
        filters.add(new Filter(
                "action",
                (r, d) -> {
                    String action = pick(r, actions);
                    return probe(d, q -> q.actions(List.of(action)), "action=" + action);
                },
                false));
        filters.add(new Filter(
                "two actions",
                (r, d) -> {
                    String a = pick(r, actions);
                    String b =
                            pick(r, actions.stream().filter(x -> !x.equals(a)).toList());
                    return probe(d, q -> q.actions(List.of(a, b)), "action=" + a + "&action=" + b);
                },
                false));
        filters.add(new Filter(
                "category",
                (r, d) -> {
                    String category = pick(r, categories);
                    return probe(d, q -> q.category(category), "category=" + category);
                },
                false));
        filters.add(new Filter(
                "actor_type",
                (r, d) -> {
                    ActorType type = pick(r, List.of(ActorType.values()));
                    return probe(d, q -> q.actorType(type), "actor_type=" + type.wire());
                },
                false));
        filters.add(new Filter(
                "actor_id",
                (r, d) -> {
                    String id = EventMix.memberId(r.nextInt(EventMix.MEMBERS));
                    return probe(d, q -> q.actorId(id), "actor_id=" + id);
                },
                false));
        filters.add(new Filter(
                "actor_email",
                (r, d) -> {
                    String email = EventMix.localPart(r.nextInt(EventMix.MEMBERS)) + "@" + d.domain();
                    return probe(d, q -> q.actorEmail(email), "actor_email=" + encode(email));
                },
                false));
        filters.add(new Filter(
                "target_type",
                (r, d) -> {
                    String type = pick(r, TARGET_TYPES);
                    return probe(d, q -> q.targetType(type), "target_type=" + type);
                },
                false));
        filters.add(new Filter(
                "target_id",
                (r, d) -> {
                    String id = EventMix.documentId(r.nextInt(300));
                    return probe(d, q -> q.targetId(id), "target_id=" + id);
                },
                false));
        filters.add(new Filter(
                "outcome",
                (r, d) -> {
                    Outcome outcome = r.nextBoolean() ? Outcome.SUCCESS : Outcome.FAILURE;
                    return probe(d, q -> q.outcome(outcome), "outcome=" + outcome.wire());
                },
                false));
        filters.add(new Filter(
                "workspace",
                (r, d) -> {
                    String workspace = pick(r, EventMix.WORKSPACES);
                    return probe(d, q -> q.workspace(workspace), "workspace=" + workspace);
                },
                false));
        filters.add(new Filter("critical=true", (r, d) -> probe(d, q -> q.critical(true), "critical=true"), false));
        filters.add(new Filter("critical=false", (r, d) -> probe(d, q -> q.critical(false), "critical=false"), false));
        filters.add(
                new Filter("q, common term (\"login\")", (r, d) -> probe(d, q -> q.text("login"), "q=login"), false));
        filters.add(new Filter(
                "q, rare term (one member's address)",
                (r, d) -> {
                    // Members far down the Zipf tail act a few hundred times in ten million events.
                    String term = EventMix.localPart(EventMix.MEMBERS - 1 - r.nextInt(1_000));
                    return probe(d, q -> q.text(term), "q=" + encode(term));
                },
                false));
        filters.add(new Filter("second page (cursor), no filter", (r, d) -> probe(d, q -> q, ""), true));
        filters.add(new Filter(
                "second page (cursor), action",
                (r, d) -> {
                    String action = pick(r, actions.subList(0, 10));
                    return probe(d, q -> q.actions(List.of(action)), "action=" + action);
                },
                true));
        return List.copyOf(filters);
    }

    /** Runs each filter up to {@code queries} times or until {@code budget} is spent, after a short warm-up. */
    static Measured measure(EventStore store, Dataset.Ready data, Filter filter, int queries, Duration budget) {
        var random = new SplittableRandom(filter.name().hashCode());
        // A short warm-up, bounded in time too: at ten million events a slow filter takes seconds per query.
        long warmupEnd = System.nanoTime() + budget.toNanos() / 4;
        for (int i = 0; i < Math.min(5, queries) && System.nanoTime() < warmupEnd; i++) {
            run(store, filter, filter.draw().apply(random, data));
        }
        var latencies = new Latencies(queries);
        long rows = 0;
        long deadline = System.nanoTime() + budget.toNanos();
        boolean cutShort = false;
        for (int i = 0; i < queries; i++) {
            // At least one measured query, however slow.
            if (i > 0 && System.nanoTime() > deadline) {
                cutShort = true;
                break;
            }
            EventFilter drawn = filter.draw().apply(random, data).filter();
            PageRequest request = PageRequest.first();
            if (filter.secondPage()) {
                EventPage first = store.query(drawn, request);
                if (first.next() == null) {
                    continue;
                }
                request = request.after(first.next());
            }
            long start = System.nanoTime();
            EventPage page = store.query(drawn, request);
            latencies.add(System.nanoTime() - start);
            rows += page.events().size();
        }
        return new Measured(
                filter.name(), latencies, latencies.count() == 0 ? 0 : (double) rows / latencies.count(), cutShort);
    }

    private static void run(EventStore store, Filter filter, Probe probe) {
        EventPage first = store.query(probe.filter(), PageRequest.first());
        if (filter.secondPage() && first.next() != null) {
            store.query(probe.filter(), PageRequest.first().after(first.next()));
        }
    }

    /** The same over HTTP, one connection, one query at a time. */
    static Measured measureHttp(PlainHttp http, Dataset.Ready data, Filter filter, int queries, Duration budget)
            throws IOException {
        var random = new SplittableRandom(filter.name().hashCode() + 1L);
        String path = "/v1/organizations/" + data.organization().value() + "/events";
        var latencies = new Latencies(queries);
        long deadline = System.nanoTime() + budget.toNanos();
        boolean cutShort = false;
        long rows = 0;
        // Two warm-up queries, then measured ones; at least one measured, however slow.
        for (int i = 0; i < queries + 2; i++) {
            if (latencies.count() > 0 && System.nanoTime() > deadline) {
                cutShort = true;
                break;
            }
            String parameters = filter.draw().apply(random, data).parameters();
            String target = path + (parameters.isEmpty() ? "" : "?" + parameters);
            if (filter.secondPage()) {
                JsonNode first = EventJson.MAPPER.readTree(ok(http.get(target)).body());
                JsonNode cursor = first.path("next_cursor");
                if (!cursor.isString()) {
                    continue;
                }
                target = path + "?" + (parameters.isEmpty() ? "" : parameters + "&") + "cursor=" + cursor.asString();
            }
            long start = System.nanoTime();
            PlainHttp.Response response = ok(http.get(target));
            long nanos = System.nanoTime() - start;
            if (i >= 2 || nanos > budget.toNanos() / 4) {
                latencies.add(nanos);
                rows += EventJson.MAPPER.readTree(response.body()).path("data").size();
            }
        }
        return new Measured(
                filter.name() + " (HTTP)",
                latencies,
                latencies.count() == 0 ? 0 : (double) rows / latencies.count(),
                cutShort);
    }

    private static PlainHttp.Response ok(PlainHttp.Response response) throws IOException {
        if (response.status() != 200) {
            throw new IOException("query failed with " + response.status() + ": " + response.text());
        }
        return response;
    }

    private static Probe probe(
            Dataset.Ready data, java.util.function.UnaryOperator<EventFilter.Builder> filter, String parameters) {
        OrganizationId organization = data.organization();
        return new Probe(filter.apply(EventFilter.builder(organization)).build(), parameters);
    }

    private static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
