package dev.attest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.catalog.ActionSpec;
import dev.attest.core.catalog.Catalog;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' event mix must hold every built-in action and only valid events: a catalog action added without a
 * place in the mix stopped every benchmark at its first event once, and no test noticed.
 */
class EventMixTest {
    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    @Test
    void mix_holdsEveryCatalogAction_andItsEventsPassTheParser() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        var parser = new EventParser(clock, new IdGenerator(clock));
        List<NewEvent> sample = Bodies.events(new EventMix(42, "acme.test", "Acme"), 20_000, NOW);
        Set<String> actions = new HashSet<>();
        for (int from = 0; from < sample.size(); from += 1_000) {
            var raw = new ArrayList<EventParser.RawEvent>();
            for (int i = from; i < from + 1_000; i++) {
                NewEvent event = Bodies.withId(sample.get(i), "mix" + i);
                actions.add(event.action());
                raw.add(new EventParser.RawEvent(EventJson.document(event), 600));
            }
            parser.parse(new OrganizationId("org_mix"), raw, true);
        }

        // The rarest actions (org.delete at 0.001 in ~100 of weight) need not appear in 20,000 events; the mix's own
        // check at class initialization covers them; the common ones must.
        assertThat(actions).contains("auth.login.success", "log.view", "log.export", "document.view");
        assertThat(Catalog.standard().actions().stream().map(ActionSpec::action))
                .allSatisfy(
                        action -> assertThat(EventMix.holds(action)).as(action).isTrue());
    }
}
