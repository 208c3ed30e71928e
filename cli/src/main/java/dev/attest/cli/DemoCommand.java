package dev.attest.cli;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.EventParser.RawEvent;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.NewEvent;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code attest demo}: a demo organization set up through the real administration services ({@link DemoOrganization}),
 * then weeks of realistic history sent as a producer sends events ({@link DemoHistory}).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Create a demo organization filled with weeks of realistic activity; print its id and API key.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--days", paramLabel = "N", description = "Days of history (default: 42).")
    int days = 42;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandSpec spec;

    @Override
    public Integer call() {
        Clock clock = AttestCommand.clock(spec);
        Instant now = clock.instant();
        // The organization is set up, through the real services, on the morning before its history begins.
        var story = new DemoOrganization.StoryClock(
                DemoHistory.start(now, days).minus(Duration.ofDays(1)).plus(Duration.ofHours(9)));
        try (Storage storage = data.open(1, clock)) {
            Onboarding.Created created = new Onboarding(storage.organizations(), story).create("Acme Inc. (demo)");
            var org = created.organization().id();
            DemoOrganization.Built built = new DemoOrganization(storage, story).build(org);
            List<Map<String, Object>> documents =
                    new DemoHistory(42, now, org.value(), built.ids()).generate(days, DemoOrganization.ACTIONS);
            var parser = new EventParser(clock, new IdGenerator(clock));
            // Through the producers' validation, in batches as a producer would send them.
            for (int from = 0; from < documents.size(); from += 500) {
                List<RawEvent> batch = documents.subList(from, Math.min(documents.size(), from + 500)).stream()
                        .map(d -> new RawEvent(d, 1))
                        .toList();
                List<NewEvent> events = parser.parse(org, batch, true);
                storage.events()
                        .append(List.of(new AppendRequest(org, EventParser.truncateToMicros(clock.instant()), events)));
            }
            var out = new LinkedHashMap<String, Object>();
            out.put("id", org.value());
            out.put("name", created.organization().name());
            out.put("api_key", created.apiKey().secret());
            out.put("events", built.events() + documents.size());
            spec.commandLine().getOut().println(JsonMapper.shared().writeValueAsString(out));
            return 0;
        }
    }
}
