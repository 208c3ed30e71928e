package dev.attest.cli;

import dev.attest.core.org.Onboarding;
import dev.attest.core.store.Storage;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code attest org …}: manage organizations. */
@Command(
        name = "org",
        mixinStandardHelpOptions = true,
        description = "Manage organizations.",
        subcommands = {OrgCommand.Create.class})
final class OrgCommand {
    /** {@code attest org create NAME}: prints {@code {"id", "name", "api_key"}}; the key is shown this once. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an organization and print its id and API key (shown once, stored only as a hash).")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "The organization's name.")
        String name = "";

        @Mixin
        DataOptions data = new DataOptions();

        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        CommandSpec spec;

        @Override
        public Integer call() {
            Clock clock = AttestCommand.clock(spec);
            try (Storage storage = data.open(1, clock)) {
                Onboarding.Created created = new Onboarding(storage.organizations(), clock).create(name);
                var out = new LinkedHashMap<String, String>();
                out.put("id", created.organization().id().value());
                out.put("name", created.organization().name());
                out.put("api_key", created.apiKey().secret());
                spec.commandLine().getOut().println(JsonMapper.shared().writeValueAsString(out));
                return 0;
            }
        }
    }
}
