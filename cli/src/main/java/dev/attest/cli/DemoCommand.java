package dev.attest.cli;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.EventParser.RawEvent;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.NewEvent;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Storage;
import java.time.Clock;
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

/** {@code attest demo}: a demo organization with weeks of realistic history. */
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
        try (Storage storage = data.open(1, clock)) {
            Onboarding.Created created = new Onboarding(storage.organizations(), clock).create("Acme Inc. (demo)");
            var org = created.organization().id();
            List<Map<String, Object>> documents = new DemoHistory(42, clock.instant(), org.value()).generate(days);
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
            out.put("events", documents.size());
            spec.commandLine().getOut().println(JsonMapper.shared().writeValueAsString(out));
            return 0;
        }
    }
}
