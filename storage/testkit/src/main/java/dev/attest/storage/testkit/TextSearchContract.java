package dev.attest.storage.testkit;

import static dev.attest.storage.testkit.TestEvents.T0;
import static dev.attest.storage.testkit.TestEvents.append;
import static dev.attest.storage.testkit.TestEvents.organization;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Actor;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.Event;
import dev.attest.core.event.EventId;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import dev.attest.core.store.Cursor;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.EventPage;
import dev.attest.core.store.PageRequest;
import dev.attest.core.store.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Free-text search ({@link EventFilter#text()}) finds exactly the events whose actor name or email, target name or
 * action contains the text, ignoring case, whether the store answers it through a text index or by scanning: every
 * term here is checked against the same search done in Java, page by page, and alongside another filter.
 */
public abstract class TextSearchContract {
    private static final String[] NAMES = {
        "Ada Lovelace",
        "Grace Hopper",
        "100% sure",
        "under_score",
        "back\\slash",
        "quote \"q\"",
        "Ünïcødé Ölçü",
        "日本語の名前",
        "emoji 😀 face",
        "Ada",
        "ADA LOVELACE",
        "lovelace-ada",
        "x",
        "xy",
        "percent%_mix\\"
    };
    private static final String[] TERMS = {
        "ada", "ADA", "love", "lovelace", "grace hopper", "%", "100%", "_", "under_", "r_s", "\\", "back\\s", "\"q\"",
        "ünïc", "ÖLÇÜ", "日本語", "本", "😀", "x", "xy", "xyz", "%_m", "e\\", "nothing-matches-this", "a", "user.",
        "rolechange", "@acme", "hopper@"
    };

    protected Storage storage;
    protected OrganizationId org;
    protected OrganizationId other;
    private final List<Event> appended = new ArrayList<>();

    /** A fresh, empty, migrated storage of the backend under test. */
    protected abstract Storage openStorage() throws Exception;

    @BeforeEach
    void openAndSeed() throws Exception {
        storage = openStorage();
        org = organization(storage, "Acme").getKey();
        other = organization(storage, "Globex").getKey();
        var events = new ArrayList<NewEvent>();
        for (int i = 0; i < 120; i++) {
            String actor = NAMES[i % NAMES.length];
            String target = NAMES[(i * 7 + 3) % NAMES.length];
            events.add(new NewEvent(
                    new EventId("txt_" + i),
                    i % 3 == 0 ? "user.roleChange" : "invoice.paid",
                    T0.plusSeconds(i),
                    new Actor(
                            ActorType.MEMBER,
                            "usr_" + i,
                            i % 5 == 0 ? null : actor,
                            i % 4 == 0 ? actor.replace(' ', '.').toLowerCase(Locale.ROOT) + "@acme.test" : null,
                            null),
                    i % 6 == 0 ? null : new Target("user", "usr_t" + i, target),
                    i % 2 == 0 ? Outcome.SUCCESS : Outcome.FAILURE,
                    "default",
                    RequestContext.NONE,
                    Map.of()));
        }
        append(storage, org, events);
        // The same texts in another organization: never found from this one.
        append(storage, other, events);
        storage.events().scan(org, 1, events.size(), appended::add);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void text_everyTerm_findsExactlyTheEventsContainingIt() {
        for (String term : TERMS) {
            assertThat(all(EventFilter.builder(org).text(term).build(), 7))
                    .as("q=%s", term)
                    .containsExactlyElementsOf(expected(term, null));
        }
    }

    @Test
    void text_withAnotherFilter_findsTheEventsMatchingBoth() {
        for (String term : TERMS) {
            assertThat(all(
                            EventFilter.builder(org)
                                    .text(term)
                                    .outcome(Outcome.FAILURE)
                                    .build(),
                            50))
                    .as("q=%s", term)
                    .containsExactlyElementsOf(expected(term, Outcome.FAILURE));
            assertThat(all(
                            EventFilter.builder(org)
                                    .text(term)
                                    .actions(List.of("user.roleChange", "invoice.paid"))
                                    .build(),
                            50))
                    .as("q=%s with two actions", term)
                    .containsExactlyElementsOf(expected(term, null));
        }
    }

    /** Every page of the filter, newest first, as event ids. */
    private List<String> all(EventFilter filter, int limit) {
        var ids = new ArrayList<String>();
        Cursor cursor = null;
        do {
            EventPage page = storage.events().query(filter, new PageRequest(limit, cursor));
            page.events().forEach(e -> ids.add(e.id().value()));
            cursor = page.next();
        } while (cursor != null);
        return ids;
    }

    private List<String> expected(String term, @Nullable Outcome outcome) {
        String needle = term.toLowerCase(Locale.ROOT);
        return appended.reversed().stream()
                .filter(e -> outcome == null || e.outcome() == outcome)
                .filter(e -> searchText(e).contains(needle))
                .map(e -> e.id().value())
                .toList();
    }

    private static String searchText(Event event) {
        Target target = event.target();
        return String.join(
                "\n",
                Stream.of(
                                event.actor().name(),
                                event.actor().email(),
                                target == null ? null : target.name(),
                                event.action())
                        .filter(s -> s != null)
                        .map(s -> s.toLowerCase(Locale.ROOT))
                        .toList());
    }
}
