package dev.attest.server.console;

import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.Catalog;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.store.EventFilter;
import dev.attest.server.Problem;
import dev.attest.server.console.ConsoleViews.Filters;
import dev.attest.server.console.ConsoleViews.Option;
import io.helidon.webserver.http.ServerRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The filter bar: reads its state from the URL (so a filtered view is shareable and the back button works), turns
 * it into an {@link EventFilter}, and renders it back. Unknown choices are ignored rather than refused: a hand-edited
 * URL still shows a page. A time or date that cannot be read ({@code at}, {@code from}, {@code to}) is refused with a
 * 400 problem naming it, before anything is read or recorded: ignoring it would show, or export, another range than
 * the one asked for.
 */
final class ConsoleFilters {
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    static final Map<String, Duration> RANGES = rangeMap();
    private static final List<String> TARGET_TYPES =
            List.of("user", "organization", "group", "app", "invitation", "api_key", "workspace");

    final String range;
    final @Nullable LocalDate from;
    final @Nullable LocalDate to;
    final String actorType;
    final String targetType;
    final String category;
    final String action;
    final String outcome;
    final boolean critical;
    final String q;
    /** The workspace chosen, or empty for any the viewer may read; one they may not read is ignored. */
    final String workspace;
    /** The "now" a relative range is measured from: fixed for every page of one listing, so its cursor stays valid. */
    final Instant at;

    /** The only workspaces the viewer may read, sorted; {@code null} when they may read all (docs/adr/0006). */
    private @Nullable List<String> visible;

    /** The workspaces the filter bar offers: those the viewer may read. */
    private List<String> choices = List.of();

    private ConsoleFilters(Function<String, String> params, Clock clock) {
        Instant parsedAt = at(params.apply("at"));
        this.at = parsedAt != null ? parsedAt : clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String chosen = params.apply("range");
        this.range = RANGES.containsKey(chosen) || chosen.equals("custom") || chosen.equals("all") ? chosen : "30d";
        this.from = date("from", params.apply("from"));
        this.to = date("to", params.apply("to"));
        this.actorType = ActorType.fromWire(params.apply("actor_type"))
                .map(ActorType::wire)
                .orElse("");
        this.targetType = clean(params.apply("target_type"), 64);
        this.category = clean(params.apply("category"), 64);
        String actionText = clean(params.apply("action"), Catalog.MAX_ACTION_LENGTH);
        this.action = Catalog.ACTION_FORM.matcher(actionText).matches() ? actionText : "";
        this.outcome =
                Outcome.fromWire(params.apply("outcome")).map(Outcome::wire).orElse("");
        this.critical = params.apply("critical").equals("true");
        this.q = clean(params.apply("q"), 200);
        this.workspace = clean(params.apply("workspace"), 64);
    }

    /** The filters in the request's URL. */
    static ConsoleFilters of(ServerRequest request, Clock clock) {
        return new ConsoleFilters(name -> request.query().first(name).orElse(""), clock);
    }

    /** The filters in the hidden fields of a posted form (the exports). */
    static ConsoleFilters of(Map<String, String> form, Clock clock) {
        return new ConsoleFilters(name -> form.getOrDefault(name, ""), clock);
    }

    /** The same filters, measured from {@code now}: what "load more" links carry. */
    String pinnedQueryString() {
        String query = queryString();
        return query + (query.isEmpty() ? "" : "&") + "at=" + at.toEpochMilli();
    }

    /** The start of the selected range. */
    Instant since() {
        if (range.equals("custom") && from != null) {
            return from.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (range.equals("all") || range.equals("custom")) {
            return at.minus(Duration.ofDays(365));
        }
        return at.minus(RANGES.getOrDefault(range, Duration.ofDays(30)));
    }

    /** The end of the selected range. */
    Instant until() {
        if (range.equals("custom") && to != null) {
            return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return at.plusSeconds(1);
    }

    EventFilter filter(OrganizationId organization) {
        return filterOutsideRange(organization)
                .since(range.equals("all") ? null : since())
                .until(range.equals("custom") && to != null ? until() : null)
                .build();
    }

    /** Offers {@code workspaces} (those the viewer may read) in the Workspace select. Returns this. */
    ConsoleFilters offering(List<String> workspaces) {
        choices = workspaces.stream().sorted().distinct().toList();
        return this;
    }

    /** Narrows every filter to the workspaces the viewer may read; empty leaves them whole. Returns this. */
    ConsoleFilters within(java.util.Optional<java.util.Set<String>> workspaces) {
        visible = workspaces.map(w -> w.stream().sorted().toList()).orElse(null);
        return this;
    }

    /** The filters but the date range, which the chart shows as its own axis. */
    EventFilter.Builder filterOutsideRange(OrganizationId organization) {
        List<String> readable = visible;
        List<String> workspaces;
        if (!workspace.isEmpty() && (readable == null || readable.contains(workspace))) {
            workspaces = List.of(workspace);
        } else {
            workspaces = readable == null ? List.of() : readable;
        }
        return EventFilter.builder(organization)
                .workspaces(workspaces)
                .actorType(ActorType.fromWire(actorType).orElse(null))
                .targetType(targetType.isEmpty() ? null : targetType)
                .category(category.isEmpty() ? null : category)
                .actions(action.isEmpty() ? List.of() : List.of(action))
                .outcome(Outcome.fromWire(outcome).orElse(null))
                .critical(critical ? Boolean.TRUE : null)
                .text(q.isEmpty() ? null : q);
    }

    /** The URL query of these filters, without a leading {@code ?}. */
    String queryString() {
        var text = new StringBuilder();
        fields().forEach((key, value) -> text.append(text.isEmpty() ? "" : "&")
                .append(key)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return text.toString();
    }

    /** The filters that are set, by their names in the URL and in forms, in a fixed order. */
    Map<String, String> fields() {
        var pairs = new LinkedHashMap<String, String>();
        pairs.put("range", range);
        if (from != null) {
            pairs.put("from", from.toString());
        }
        if (to != null) {
            pairs.put("to", to.toString());
        }
        pairs.put("actor_type", actorType);
        pairs.put("target_type", targetType);
        pairs.put("category", category);
        pairs.put("action", action);
        pairs.put("outcome", outcome);
        pairs.put("workspace", workspace);
        if (critical) {
            pairs.put("critical", "true");
        }
        pairs.put("q", q);
        pairs.values().removeIf(String::isEmpty);
        return pairs;
    }

    Filters view() {
        var ranges = new ArrayList<Option>();
        Map<String, String> labels =
                Map.of("24h", "Last 24 hours", "7d", "Last 7 days", "30d", "Last 30 days", "90d", "Last 90 days");
        for (String key : RANGES.keySet()) {
            ranges.add(new Option(key, labels.getOrDefault(key, key), key.equals(range)));
        }
        ranges.add(new Option("all", "All time", range.equals("all")));
        ranges.add(new Option("custom", "Custom (From/To, UTC)", range.equals("custom")));
        List<Option> actorTypes = options(
                "Any actor",
                actorType,
                Stream.of(ActorType.values()).map(ActorType::wire).toList());
        var targets = new ArrayList<>(TARGET_TYPES);
        if (!targetType.isEmpty() && !targets.contains(targetType)) {
            targets.add(targetType);
        }
        var categories = new ArrayList<>(Catalog.standard().categories());
        if (!category.isEmpty() && !categories.contains(category)) {
            categories.add(category);
        }
        return new Filters(
                range,
                from == null ? "" : from.toString(),
                to == null ? "" : to.toString(),
                ranges,
                actorTypes,
                options("Any resource", targetType, targets),
                options("Any category", category, categories),
                options("Any outcome", outcome, List.of("success", "failure")),
                action,
                Catalog.standard().actions().stream().map(ActionSpec::action).toList(),
                critical,
                q,
                queryString(),
                options("Any workspace", choices.contains(workspace) ? workspace : "", choices));
    }

    private static List<Option> options(String anyLabel, String selected, List<String> values) {
        var options = new ArrayList<Option>();
        options.add(new Option("", anyLabel, selected.isEmpty()));
        values.forEach(v -> options.add(new Option(v, v, v.equals(selected))));
        return options;
    }

    /** A pinned "now" in epoch milliseconds, within the years a page can show. */
    private static @Nullable Instant at(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            long millis = Long.parseLong(text);
            if (millis >= EARLIEST.toEpochMilli() && millis <= LATEST.toEpochMilli()) {
                return Instant.ofEpochMilli(millis);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Problem.badParameter(
                "at", "must be a time in milliseconds since 1970 within the years 0000 to 9999, not " + text);
    }

    private static @Nullable LocalDate date(String name, String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(text);
            if (date.getYear() >= 0 && date.getYear() <= 9999) {
                return date;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw Problem.badParameter(name, "must be a date such as 2026-11-27, with a year from 0000 to 9999");
    }

    private static String clean(String text, int max) {
        String stripped = text.strip();
        return stripped.length() > max ? stripped.substring(0, max) : stripped;
    }

    private static Map<String, Duration> rangeMap() {
        var ranges = new LinkedHashMap<String, Duration>();
        ranges.put("24h", Duration.ofHours(24));
        ranges.put("7d", Duration.ofDays(7));
        ranges.put("30d", Duration.ofDays(30));
        ranges.put("90d", Duration.ofDays(90));
        return ranges;
    }
}
