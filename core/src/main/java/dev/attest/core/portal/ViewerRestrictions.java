package dev.attest.core.portal;

import dev.attest.core.event.Event;
import dev.attest.core.store.EventFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a vendor lets one viewer see of an organization's log: every event unless narrowed to some workspaces, to some
 * actions or to some categories (not both), to a range of {@code occurred_at}, and whether they may export. Applied
 * on the server to every query a viewer makes ({@link #narrow}), so that no filter a viewer sends can widen it.
 * Immutable.
 *
 * @param workspaces the only workspaces shown, sorted; empty for all
 * @param actions the only actions shown, sorted; empty for all
 * @param categories the only categories shown, sorted; empty for all
 * @param since inclusive lower bound of {@code occurred_at}, or {@code null}
 * @param until exclusive upper bound of {@code occurred_at}, or {@code null}
 * @param exportAllowed whether the viewer may export what they see
 */
public record ViewerRestrictions(
        List<String> workspaces,
        List<String> actions,
        List<String> categories,
        @Nullable Instant since,
        @Nullable Instant until,
        boolean exportAllowed) {

    /** Everything, exports included. */
    public static final ViewerRestrictions NONE =
            new ViewerRestrictions(List.of(), List.of(), List.of(), null, null, true);

    public ViewerRestrictions {
        workspaces = List.copyOf(new TreeSet<>(workspaces));
        actions = List.copyOf(new TreeSet<>(actions));
        categories = List.copyOf(new TreeSet<>(categories));
        if (!actions.isEmpty() && !categories.isEmpty()) {
            throw new IllegalArgumentException("restrict to actions or to categories, not both");
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since must be before until");
        }
    }

    /**
     * {@code asked} narrowed to these restrictions: each restricted list is intersected with what was asked (all of it
     * when nothing was asked), the range clipped. Empty when nothing can match, e.g. a viewer restricted to
     * {@code production} asking for {@code staging}: the answer is then no events, never more.
     */
    public Optional<EventFilter> narrow(EventFilter asked) {
        EventFilter.Builder narrowed = asked.toBuilder();
        List<String> ws = intersect(workspaces, asked.workspaces());
        List<String> acts = intersect(actions, asked.actions());
        List<String> cats = intersect(categories, asked.categories());
        if (ws == null || acts == null || cats == null) {
            return Optional.empty();
        }
        narrowed.workspaces(ws).actions(acts).categories(cats);
        Instant from = later(since, asked.since());
        Instant to = earlier(until, asked.until());
        if (from != null && to != null && !from.isBefore(to)) {
            return Optional.empty();
        }
        return Optional.of(narrowed.since(from).until(to).build());
    }

    /** Whether the viewer may see {@code event}: it matches every restriction. */
    public boolean admits(Event event) {
        return (workspaces.isEmpty() || workspaces.contains(event.workspace()))
                && (actions.isEmpty() || actions.contains(event.action()))
                && (categories.isEmpty() || categories.contains(event.category()))
                && (since == null || !event.occurredAt().isBefore(since))
                && (until == null || event.occurredAt().isBefore(until));
    }

    /** The workspaces the viewer may choose among: the restricted ones when there are, else {@code all}. */
    public List<String> workspacesWithin(List<String> all) {
        return workspaces.isEmpty() ? all : workspaces;
    }

    /** The restricted set narrowed to the asked one; {@code null} when they do not meet. */
    private static @Nullable List<String> intersect(List<String> allowed, List<String> asked) {
        if (allowed.isEmpty()) {
            return asked;
        }
        if (asked.isEmpty()) {
            return allowed;
        }
        var both = new ArrayList<String>(asked);
        both.retainAll(Set.copyOf(allowed));
        return both.isEmpty() ? null : both;
    }

    private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static @Nullable Instant earlier(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
