package dev.attest.cli;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Role;
import dev.attest.core.store.Storage;
import dev.attest.server.console.Accounts;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code attest user …}: manage the people who sign in to the console. */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        description = "Manage console users.",
        subcommands = {UserCommand.Create.class})
final class UserCommand {
    /** {@code attest user create}: prints the new member with a generated password, shown this once. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Add a member to an organization; prints its generated password once (stored as Argon2id).")
    static final class Create implements Callable<Integer> {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "The organization id")
        String organization = "";

        @Option(names = "--email", required = true, paramLabel = "EMAIL")
        String email = "";

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "owner, admin, auditor or member")
        String role = "";

        @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: the email's local part)")
        @Nullable
        String name;

        @Mixin
        DataOptions data = new DataOptions();

        @Spec
        @SuppressWarnings("NullAway.Init") // injected by picocli
        CommandSpec spec;

        @Override
        public Integer call() {
            Role chosen = Role.fromWire(role)
                    .orElseThrow(() -> new IllegalArgumentException("--role must be owner, admin, auditor or member"));
            if (!OrganizationId.isValid(organization)) {
                throw new IllegalArgumentException("--org must be an organization id (org_…)");
            }
            Clock clock = AttestCommand.clock(spec);
            try (Storage storage = data.open(1, clock)) {
                Accounts.Created created = new Accounts(storage, clock)
                        .createMember(new OrganizationId(organization), email, name, chosen);
                var out = new LinkedHashMap<String, String>();
                out.put("id", created.member().id());
                out.put("organization_id", organization);
                out.put("email", created.member().email());
                out.put("role", chosen.wire());
                out.put("password", created.password());
                spec.commandLine().getOut().println(JsonMapper.shared().writeValueAsString(out));
                return 0;
            }
        }
    }
}
