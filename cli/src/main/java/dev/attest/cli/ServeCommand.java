package dev.attest.cli;

import dev.attest.core.store.Storage;
import dev.attest.integrity.NoteSigner;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import dev.attest.server.TrustedProxies;
import dev.attest.server.console.Accounts;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attest serve}: runs the server until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Attest server.")
final class ServeCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger("dev.attest");

    @Option(names = "--port", paramLabel = "N", description = "Port (default: $ATTEST_PORT, else 8080).")
    @Nullable
    Integer port;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: $ATTEST_HOST, else 127.0.0.1; 0.0.0.0 for all).")
    @Nullable
    String host;

    @Option(
            names = "--trusted-proxies",
            paramLabel = "CIDRS",
            description = "Reverse proxies whose X-Forwarded-For / Forwarded headers name the client, comma-separated"
                    + " CIDR ranges, e.g. 10.0.0.0/8,fd00::/8 (default: $ATTEST_TRUSTED_PROXIES, else none).")
    @Nullable
    String trustedProxies;

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    InstallationOptions installation = new InstallationOptions();

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        int chosenPort = port != null ? port : Integer.parseInt(env("ATTEST_PORT", "8080"));
        String chosenHost = host != null ? host : env("ATTEST_HOST", "127.0.0.1");
        TrustedProxies proxies =
                TrustedProxies.parse(trustedProxies != null ? trustedProxies : env("ATTEST_TRUSTED_PROXIES", ""));
        Path directory = data.directory();
        NoteSigner signer = CheckpointKey.loadOrCreate(directory.resolve(CheckpointKey.FILE_NAME), installation.name());
        Clock clock = AttestCommand.clock(spec);
        Storage storage = data.open(8, clock);
        Accounts.@Nullable Created superUser = new Accounts(storage, clock)
                .ensureSuperUser(
                        env("ATTEST_ADMIN_EMAIL", "admin@attest.local"), System.getenv("ATTEST_ADMIN_PASSWORD"));
        AttestServer server = AttestServer.builder()
                .storage(storage)
                .signer(signer)
                .installation(signer.name())
                .clock(clock)
                .host(chosenHost)
                .port(chosenPort)
                .trustedProxies(proxies)
                .build()
                .start();
        var stopped = new CountDownLatch(1);
        // SIGTERM and Ctrl-C: stop taking requests, commit what is queued, close the database; then exit.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            // Not through the logger: java.util.logging resets its handlers in a shutdown hook of its
                            // own.
                            System.err.println("attest: stopping; committing queued events");
                            server.stop();
                            storage.close();
                            System.err.println("attest: stopped");
                            stopped.countDown();
                        },
                        "attest-shutdown"));
        LOG.log(
                System.Logger.Level.INFO,
                "Attest ready at http://" + displayHost(chosenHost) + ":" + server.port() + " (data: " + data.describe()
                        + ")");
        if (superUser != null) {
            // Printed, never logged: the one time this password is shown.
            System.out.println("Super-user created: " + superUser.member().email() + "  password: "
                    + (System.getenv("ATTEST_ADMIN_PASSWORD") == null
                            ? superUser.password()
                            : "(from ATTEST_ADMIN_PASSWORD)")
                    + "\nSign in at http://" + displayHost(chosenHost) + ":" + server.port()
                    + "/ — the password is shown only"
                    + " this once.");
            System.out.flush();
        }
        stopped.await();
        return 0;
    }

    private static String displayHost(String host) {
        return host.equals("0.0.0.0") ? "localhost" : host;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
