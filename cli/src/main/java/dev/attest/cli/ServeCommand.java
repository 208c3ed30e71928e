package dev.attest.cli;

import dev.attest.core.account.SecretBox;
import dev.attest.core.store.Storage;
import dev.attest.integrity.NoteSigner;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import dev.attest.server.InstallationSecret;
import dev.attest.server.TrustedProxies;
import dev.attest.server.console.Accounts;
import dev.attest.server.mail.SmtpUrl;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attest serve}: runs the server until SIGTERM or Ctrl-C. Everything that would keep it from serving (a port in
 * use, a data directory it cannot use or that another server holds, a database that does not answer, a signing key
 * others can read) ends it within seconds with one line saying what and what to do, and exit code 1.
 */
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

    @Option(
            names = "--metrics-port",
            paramLabel = "N",
            description = "Serve /metrics (Prometheus) on this port of its own; 0 picks one"
                    + " (default: $ATTEST_METRICS_PORT, else no metrics listener).")
    @Nullable
    Integer metricsPort;

    @Option(
            names = "--metrics-host",
            paramLabel = "ADDRESS",
            description = "Address of the metrics listener (default: $ATTEST_METRICS_HOST, else 127.0.0.1).")
    @Nullable
    String metricsHost;

    @Option(
            names = "--print-config",
            description = "Print the effective configuration (secrets masked) and exit without starting.")
    boolean printConfig;

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    InstallationOptions installation = new InstallationOptions();

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        int chosenPort = port != null ? port : number("ATTEST_PORT", 8080);
        String chosenHost = host != null ? host : env("ATTEST_HOST", "127.0.0.1");
        TrustedProxies proxies =
                TrustedProxies.parse(trustedProxies != null ? trustedProxies : env("ATTEST_TRUSTED_PROXIES", ""));
        @Nullable
        Integer chosenMetricsPort = metricsPort != null
                ? metricsPort
                : System.getenv("ATTEST_METRICS_PORT") == null
                                || System.getenv("ATTEST_METRICS_PORT").isBlank()
                        ? null
                        : Integer.valueOf(number("ATTEST_METRICS_PORT", 0));
        String chosenMetricsHost = metricsHost != null ? metricsHost : env("ATTEST_METRICS_HOST", "127.0.0.1");
        @Nullable String metricsToken = System.getenv("ATTEST_METRICS_TOKEN");
        if (metricsToken != null && metricsToken.isBlank()) {
            metricsToken = null;
        }
        // Read before anything opens, so that a mistyped URL fails in one line; never echoed with its password.
        @Nullable String smtpText = blankToNull(System.getenv("ATTEST_SMTP_URL"));
        @Nullable SmtpUrl smtp = smtpText == null ? null : SmtpUrl.parse(smtpText);
        @Nullable String publicUrl = blankToNull(System.getenv("ATTEST_PUBLIC_URL"));
        if (printConfig) {
            print(chosenHost, chosenPort, chosenMetricsHost, chosenMetricsPort, metricsToken);
            return 0;
        }
        // Cheapest checks first, so that a server that cannot start says why within a second or two.
        data.check();
        checkPortFree(chosenHost, chosenPort, "--port / ATTEST_PORT");
        if (chosenMetricsPort != null) {
            checkPortFree(chosenMetricsHost, chosenMetricsPort, "--metrics-port / ATTEST_METRICS_PORT");
        }
        Path directory = data.directory();
        // One server per SQLite file: two would fight over its write lock (SQLITE_BUSY). PostgreSQL servers share.
        @Nullable
        DataDirectoryLock lock = data.database() == null ? DataDirectoryLock.acquire(directory, "serve it") : null;
        NoteSigner signer = CheckpointKey.loadOrCreate(directory.resolve(CheckpointKey.FILE_NAME), installation.name());
        SecretBox secrets = InstallationSecret.loadOrCreate(
                directory.resolve(InstallationSecret.FILE_NAME), System.getenv(InstallationSecret.ENVIRONMENT));
        Clock clock = AttestCommand.clock(spec);
        Storage storage = data.open(8, clock);
        AttestServer server;
        Accounts.@Nullable Created superUser;
        try {
            superUser = new Accounts(storage, clock)
                    .ensureSuperUser(
                            env("ATTEST_ADMIN_EMAIL", "admin@attest.local"), System.getenv("ATTEST_ADMIN_PASSWORD"));
            AttestServer.Builder builder = AttestServer.builder()
                    .storage(storage)
                    .signer(signer)
                    .secrets(secrets)
                    .installation(signer.name())
                    .clock(clock)
                    .host(chosenHost)
                    .port(chosenPort)
                    .trustedProxies(proxies);
            if (smtp != null) {
                builder.smtp(smtp);
            }
            if (publicUrl != null) {
                builder.publicUrl(publicUrl);
            }
            if (chosenMetricsPort != null) {
                builder.metrics(chosenMetricsHost, chosenMetricsPort, metricsToken);
            }
            server = builder.build().start();
        } catch (RuntimeException e) {
            storage.close();
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
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
                            if (lock != null) {
                                lock.close();
                            }
                            System.err.println("attest: stopped");
                            stopped.countDown();
                        },
                        "attest-shutdown"));
        LOG.log(
                System.Logger.Level.INFO,
                "Attest ready at http://" + displayHost(chosenHost) + ":" + server.port() + " (data: " + data.describe()
                        + ")"
                        + server.metricsPort().stream()
                                .mapToObj(p ->
                                        "; metrics at http://" + displayHost(chosenMetricsHost) + ":" + p + "/metrics")
                                .findFirst()
                                .orElse(""));
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

    /**
     * Refuses at once a port that another process holds, rather than after opening the database; the server checks
     * again when it binds, in case another process took the port meanwhile.
     */
    private static void checkPortFree(String host, int port, String setting) {
        if (port == 0) {
            return;
        }
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + Failures.describe(e)
                    + "; stop the process using it (ss -ltnp 'sport = :" + port + "') or choose another "
                    + setting);
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + Failures.describe(e));
        }
    }

    /** The effective configuration, one setting a line, secrets masked. */
    private void print(
            String chosenHost,
            int chosenPort,
            String chosenMetricsHost,
            @Nullable Integer chosenMetricsPort,
            @Nullable String metricsToken) {
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("ATTEST_HOST", "--host", chosenHost, source(host, "ATTEST_HOST")));
        rows.add(List.of("ATTEST_PORT", "--port", String.valueOf(chosenPort), source(port, "ATTEST_PORT")));
        rows.add(List.of(
                "ATTEST_DATA_DIR",
                "--data",
                data.directory().toAbsolutePath().normalize().toString(),
                source(data.data, "ATTEST_DATA_DIR")));
        var database = data.database();
        rows.add(List.of(
                "ATTEST_DATABASE_URL",
                "--database-url",
                database == null
                        ? "(none: SQLite in the data directory)"
                        : database.toString().replaceAll("(?i)(password=)[^&\\s]*", "$1****"),
                source(data.databaseUrl, "ATTEST_DATABASE_URL")));
        rows.add(List.of(
                "ATTEST_DATABASE_POOL_SIZE",
                "",
                env("ATTEST_DATABASE_POOL_SIZE", "10"),
                source(null, "ATTEST_DATABASE_POOL_SIZE")));
        rows.add(List.of("ATTEST_NAME", "--name", installation.name(), source(installation.name, "ATTEST_NAME")));
        rows.add(List.of(
                "ATTEST_TRUSTED_PROXIES",
                "--trusted-proxies",
                trustedProxies != null ? trustedProxies : env("ATTEST_TRUSTED_PROXIES", "(none)"),
                source(trustedProxies, "ATTEST_TRUSTED_PROXIES")));
        rows.add(List.of(
                "ATTEST_ADMIN_EMAIL",
                "",
                env("ATTEST_ADMIN_EMAIL", "admin@attest.local"),
                source(null, "ATTEST_ADMIN_EMAIL")));
        rows.add(List.of(
                "ATTEST_ADMIN_PASSWORD",
                "",
                System.getenv("ATTEST_ADMIN_PASSWORD") == null ? "(generated on first start)" : "****",
                source(null, "ATTEST_ADMIN_PASSWORD")));
        String secretKey = System.getenv(InstallationSecret.ENVIRONMENT);
        rows.add(List.of(
                InstallationSecret.ENVIRONMENT,
                "",
                secretKey == null || secretKey.isBlank()
                        ? "(the data directory's " + InstallationSecret.FILE_NAME + ")"
                        : "****",
                source(null, InstallationSecret.ENVIRONMENT)));
        rows.add(List.of(
                "ATTEST_METRICS_PORT",
                "--metrics-port",
                chosenMetricsPort == null ? "(no metrics listener)" : String.valueOf(chosenMetricsPort),
                source(metricsPort, "ATTEST_METRICS_PORT")));
        rows.add(List.of(
                "ATTEST_METRICS_HOST",
                "--metrics-host",
                chosenMetricsHost,
                source(metricsHost, "ATTEST_METRICS_HOST")));
        rows.add(List.of(
                "ATTEST_METRICS_TOKEN",
                "",
                metricsToken == null ? "(none: scrapes are not authenticated)" : "****",
                source(null, "ATTEST_METRICS_TOKEN")));
        String smtpUrl = blankToNull(System.getenv("ATTEST_SMTP_URL"));
        rows.add(List.of(
                "ATTEST_SMTP_URL",
                "",
                smtpUrl == null
                        ? "(none: mail goes to the outbox)"
                        : SmtpUrl.parse(smtpUrl).toString(),
                source(null, "ATTEST_SMTP_URL")));
        rows.add(List.of(
                "ATTEST_PUBLIC_URL",
                "",
                env("ATTEST_PUBLIC_URL", "(http://host:port of this server)"),
                source(null, "ATTEST_PUBLIC_URL")));
        rows.add(List.of(
                "ATTEST_LOG_FORMAT",
                "",
                Logging.Format.chosen().name().toLowerCase(Locale.ROOT),
                source(null, "ATTEST_LOG_FORMAT")));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-26s %-18s %-40s %s%n", "environment", "flag", "value", "from");
        for (List<String> row : rows) {
            out.printf(Locale.ROOT, "%-26s %-18s %-40s %s%n", row.get(0), row.get(1), row.get(2), row.get(3));
        }
        out.flush();
    }

    private static String source(@Nullable Object flag, String variable) {
        if (flag != null) {
            return "flag";
        }
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? "default" : "environment";
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String displayHost(String host) {
        return host.equals("0.0.0.0") ? "localhost" : host;
    }

    private static int number(String variable, int fallback) {
        String value = env(variable, String.valueOf(fallback)).strip();
        try {
            int number = Integer.parseInt(value);
            if (number < 0 || number > 65_535) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    variable + " must be a port number from 0 to 65535, not '" + value + "'");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
