package dev.attest.server;

import dev.attest.core.account.AccountSessions;
import dev.attest.core.account.Impersonations;
import dev.attest.core.account.MultiFactor;
import dev.attest.core.account.Passkeys;
import dev.attest.core.account.SecretBox;
import dev.attest.core.admin.ApiKeyAdministration;
import dev.attest.core.admin.AppAdministration;
import dev.attest.core.admin.DirectorySync;
import dev.attest.core.admin.GroupAdministration;
import dev.attest.core.admin.InvitationAdministration;
import dev.attest.core.admin.MemberAdministration;
import dev.attest.core.admin.MemberOverview;
import dev.attest.core.admin.OrganizationAdministration;
import dev.attest.core.admin.PasswordAdministration;
import dev.attest.core.admin.PasswordPolicy;
import dev.attest.core.admin.Recorder;
import dev.attest.core.admin.SingleSignOn;
import dev.attest.core.admin.WorkspaceAdministration;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.log.Checkpointer;
import dev.attest.core.mail.Mailer;
import dev.attest.core.portal.Portal;
import dev.attest.core.store.Storage;
import dev.attest.core.store.StoredCheckpoint;
import dev.attest.integrity.NoteSigner;
import dev.attest.integrity.NoteVerifier;
import dev.attest.server.compat.RetracedRoutes;
import dev.attest.server.compat.WorkOsRoutes;
import dev.attest.server.console.Accounts;
import dev.attest.server.console.ConsoleRoutes;
import dev.attest.server.console.ConsoleSessions;
import dev.attest.server.console.Passwords;
import dev.attest.server.console.PortalPages;
import dev.attest.server.mail.OutboxMailer;
import dev.attest.server.mail.SmtpMailer;
import dev.attest.server.mail.SmtpUrl;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Attest server: the HTTP API over one {@link Storage}, with its sequencer. {@link #start()} binds the port;
 * {@link #stop()} stops taking requests, commits everything already queued, and closes nothing it did not open (the
 * storage stays the caller's).
 */
public final class AttestServer {
    private static final System.Logger LOG = System.getLogger(AttestServer.class.getName());
    private static final String METRICS_SOCKET = "metrics";

    /**
     * How often the logs that grew get a signed checkpoint: half a second, so that an acknowledged event is covered by
     * one within a second even at the p99 (issue 14's ingest-to-visible target; a round, its signature and a reader's
     * poll add to the interval). The cost is one row and one Ed25519 signature per growing organization per round; a
     * log that did not grow gets none, and an idle round is one indexed query.
     */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMillis(500);

    private final Storage storage;
    private final Sequencer sequencer;
    private final Clock clock;
    private final Checkpointer checkpointer;
    private final ScheduledExecutorService checkpointing;
    private final Duration checkpointInterval;
    private final WebServer webServer;
    private final ServerMetrics metrics;
    private final String host;
    private final int requestedPort;
    private final boolean metricsListener;

    private AttestServer(Builder builder) {
        this.storage = Objects.requireNonNull(builder.storage, "storage");
        Clock clock = builder.clock;
        this.clock = clock;
        IdGenerator ids = new IdGenerator(clock);
        this.sequencer = new Sequencer(storage.events(), clock, builder.maxQueuedEvents, builder.maxGroupEvents);
        var keyCache = new ApiKeyCache(storage.apiKeys(), clock);
        // One parser (it is thread-safe) of the built-in catalog for every way events come in.
        var parser = new EventParser(clock, ids);
        var recorder = new Recorder(parser, clock);
        var apps = new AppAdministration(storage, recorder, clock);
        var authenticator = new ApiKeyAuthenticator(keyCache, apps);
        var errors = new ProblemMapper(Map.of("/audit_logs/", WorkOsRoutes.ERRORS));
        NoteSigner signer = Objects.requireNonNull(builder.signer, "signer");
        this.checkpointer =
                new Checkpointer(storage.events(), storage.checkpoints(), signer, builder.installation, clock);
        this.checkpointInterval = builder.checkpointInterval;
        this.metrics = new ServerMetrics(sequencer);
        this.host = builder.host;
        this.requestedPort = builder.port;
        this.checkpointing = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("attest-checkpoints").daemon(true).factory());
        var members = new MemberAdministration(storage, recorder);
        var settings = new OrganizationAdministration(storage, recorder, keyCache::forgetOrganization);
        Mailer mailer =
                builder.smtp != null ? new SmtpMailer(builder.smtp, clock) : new OutboxMailer(storage.outbox(), clock);
        String transport =
                builder.smtp != null ? "SMTP (" + builder.smtp + ")" : "the outbox (ATTEST_SMTP_URL is not set)";
        String publicUrl = builder.publicUrl;
        // Bound at start(): the links of mail sent before a public URL exists point to this server's own port.
        var bound = new java.util.concurrent.atomic.AtomicReference<WebServer>();
        String ownHost = builder.host;
        Supplier<String> baseUrl = publicUrl != null ? () -> publicUrl : () -> ownUrl(ownHost, bound.get());
        var invitations = new InvitationAdministration(storage, recorder, mailer, baseUrl, clock);
        var passwords = new PasswordAdministration(
                storage,
                recorder,
                mailer,
                Passwords.HASHER,
                PasswordPolicy.standard(),
                baseUrl,
                Accounts.INSTALLATION,
                clock);
        var multiFactor = new MultiFactor(storage, recorder, builder.secrets, clock);
        var apiKeys = new ApiKeyAdministration(storage, recorder, clock, keyCache::forget);
        var groups = new GroupAdministration(storage, recorder, clock);
        var workspaces = new WorkspaceAdministration(storage, clock);
        var directory = new DirectorySync(storage, recorder, clock);
        var sso = new SingleSignOn(storage, builder.secrets, clock);
        var callers = new Callers(
                authenticator,
                storage.organizations(),
                new ConsoleSessions(storage.sessions(), storage.members(), clock),
                multiFactor);
        var portal = new Portal(storage, recorder, clock);
        byte[] openApi = resource("openapi.yaml");
        byte[] viewerScript = resource("embed/attest-log.js");
        HttpRouting.Builder routing = HttpRouting.builder()
                .addFilter(new RequestIds(ids))
                .addFilter(new RequestLog(metrics))
                .addFilter(new ClientAddresses(builder.trustedProxies))
                .register(
                        "/v1/organizations",
                        new EventRoutes(authenticator, parser, sequencer, storage.events(), callers, workspaces))
                .register(
                        "/v1/organizations",
                        new IntegrityRoutes(
                                authenticator,
                                storage.events(),
                                storage.checkpoints(),
                                checkpointer,
                                callers,
                                workspaces))
                .register(
                        "/v1/organizations",
                        new MemberRoutes(
                                callers, members, new MemberOverview(storage, multiFactor::enrolled), multiFactor))
                .register("/v1/organizations", new OrganizationRoutes(callers, settings))
                .register("/v1/organizations", new GroupRoutes(callers, groups))
                .register("/v1/organizations", new WorkspaceRoutes(callers, workspaces))
                .register("/v1/organizations", new InvitationRoutes(callers, invitations))
                .register("/v1/organizations", new PasswordRoutes(callers, passwords))
                .register("/v1/organizations", new ApiKeyRoutes(callers, apiKeys))
                .register("/v1/organizations", new AppRoutes(callers, apps))
                .register(
                        "/v1/organizations",
                        new ImpersonationRoutes(callers, new Impersonations(storage, recorder, clock)))
                .register("/oauth", new OAuthRoutes(apps))
                .register("/v1/organizations", new DirectoryRoutes(callers, directory, sso))
                .register("/v1/organizations", new PortalRoutes(callers, portal, baseUrl))
                .register(
                        "/v1/organizations",
                        new ViewerRoutes(
                                portal,
                                storage,
                                new EventProofs(storage, NoteVerifier.fromVerifierKey(checkpointer.verifierKey()))))
                .register("/portal", new PortalPages(portal, storage, sequencer, parser, checkpointer, clock))
                .get("/embed/attest-log.js", (request, response) -> ViewerRoutes.script(response, viewerScript))
                .register("/scim/v2", new ScimRoutes(directory))
                .register("/health", new HealthRoutes(storage, sequencer))
                .register("/audit_logs", new WorkOsRoutes(keyCache, parser, sequencer))
                .register("/publisher/v1/project", new RetracedRoutes(keyCache, parser, sequencer))
                .register(
                        "/",
                        new ConsoleRoutes(
                                storage,
                                sequencer,
                                parser,
                                checkpointer,
                                members,
                                settings,
                                new ConsoleRoutes.Mailing(invitations, passwords, mailer, transport),
                                multiFactor,
                                new AccountSessions(storage, recorder),
                                builder.secrets,
                                builder.installation,
                                apiKeys,
                                apps,
                                groups,
                                workspaces,
                                new Passkeys(storage, recorder, clock),
                                sso,
                                publicUrl,
                                clock))
                .get("/openapi.yaml", (request, response) -> {
                    response.header(HeaderNames.CONTENT_TYPE, "application/yaml");
                    response.send(openApi);
                })
                .error(Throwable.class, errors::send);
        routing.any((request, response) -> {
            response.status(Status.NOT_FOUND_404);
            errors.send(
                    request,
                    response,
                    Problem.notFound(
                            "no resource at " + request.path().absolute().path()));
        });
        WebServerConfig.Builder server = WebServer.builder();
        this.metricsListener = builder.metricsPort != null;
        if (builder.metricsPort != null) {
            // Its own listener, never the public port: the series describe the whole installation (docs/adr/0005).
            MetricsRoutes scrape = new MetricsRoutes(metrics, builder.metricsToken);
            int metricsPort = builder.metricsPort;
            server.putSocket(
                    METRICS_SOCKET,
                    socket -> socket.host(builder.metricsHost)
                            .port(metricsPort)
                            .routing(metricsRouting -> metricsRouting.register("/metrics", scrape)));
        }
        this.webServer = server.host(builder.host)
                .port(builder.port)
                // The largest batch of the largest events, plus room for JSON punctuation; routes that take less
                // refuse more themselves, and what the server refuses before routing is a problem document too.
                .maxPayloadSize(JsonBodies.MAX_BATCH_BODY_BYTES)
                .directHandlers(ProblemMapper.directHandlers())
                .shutdownHook(false)
                // Small responses must not wait for a delayed ACK (Nagle's algorithm adds ~40 ms per page).
                .connectionOptions(options -> options.tcpNoDelay(true))
                .routing(routing)
                .build();
        bound.set(webServer);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving, and signing a checkpoint of each log that grew every interval.
     *
     * @throws PortUnavailableException if the port (or the metrics port) cannot be bound; nothing is left running
     */
    public AttestServer start() {
        webServer.start();
        // Helidon logs a listener that cannot bind and carries on without it (its port reads -1); a server that
        // cannot take requests must not look started.
        if (webServer.port() < 0 || (metricsListener && webServer.port(METRICS_SOCKET) < 0)) {
            boolean publicPort = webServer.port() < 0;
            webServer.stop();
            sequencer.close();
            checkpointing.shutdownNow();
            throw new PortUnavailableException(publicPort ? host + ":" + requestedPort : "the metrics port");
        }
        long millis = checkpointInterval.toMillis();
        // catchUp() logs its own failures, so the future holds nothing to look at.
        var unused = checkpointing.scheduleWithFixedDelay(this::catchUp, 0, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    private void catchUp() {
        try {
            // Checkpointer.catchUp(), measuring how long each log's oldest unsigned event waited.
            Instant now = clock.instant();
            List<OrganizationId> behind = storage.checkpoints().behind();
            var lags = new ArrayList<Duration>();
            for (OrganizationId organization : behind) {
                long signed = storage.checkpoints()
                        .latest(organization)
                        .map(StoredCheckpoint::size)
                        .orElse(0L);
                storage.events().scan(organization, signed + 1, signed + 1, oldest -> {
                    Duration lag = Duration.between(oldest.receivedAt(), now);
                    lags.add(lag.isNegative() ? Duration.ZERO : lag);
                });
            }
            // Recorded before signing, so that a round that fails still shows how far behind the logs are.
            metrics.checkpointRound(lags);
            for (OrganizationId organization : behind) {
                checkpointer.checkpoint(organization);
            }
        } catch (RuntimeException e) {
            metrics.checkpointFailed();
            LOG.log(System.Logger.Level.ERROR, "signing checkpoints failed", e);
        }
    }

    /** The address links in mail point to when no public URL was configured: this server's own. */
    private static String ownUrl(String host, WebServer server) {
        String shown = host.equals("0.0.0.0") || host.equals("::")
                ? "localhost"
                : host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + server.port();
    }

    /** Signs checkpoints; its verifier key checks them. */
    public Checkpointer checkpointer() {
        return checkpointer;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return webServer.port();
    }

    /**
     * The port {@code /metrics} is served on, if the {@linkplain Builder#metrics metrics listener} was asked for.
     */
    public java.util.OptionalInt metricsPort() {
        return metricsListener
                ? java.util.OptionalInt.of(webServer.port(METRICS_SOCKET))
                : java.util.OptionalInt.empty();
    }

    /** Stops taking requests and commits every queued event before returning. */
    public void stop() {
        webServer.stop();
        sequencer.close();
        checkpointing.shutdown();
        try {
            checkpointing.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Sign what the last commits added, so the log ends on a checkpoint.
        catchUp();
        metrics.close();
    }

    /** The sequencer's counters, for benchmarks and diagnostics. */
    public Sequencer sequencer() {
        return sequencer;
    }

    private static byte[] resource(String name) {
        try (InputStream in = AttestServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configuration of an {@link AttestServer}. */
    public static final class Builder {
        private @org.jspecify.annotations.Nullable Storage storage;
        private Clock clock = Clock.systemUTC();
        private String host = "127.0.0.1";
        private int port = 8080;
        private long maxQueuedEvents = 100_000;
        private int maxGroupEvents = 5_000;
        private @org.jspecify.annotations.Nullable NoteSigner signer;
        private String installation = "attest.local";
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private TrustedProxies trustedProxies = TrustedProxies.none();
        private String metricsHost = "127.0.0.1";
        private @org.jspecify.annotations.Nullable Integer metricsPort;
        private @org.jspecify.annotations.Nullable String metricsToken;
        private @org.jspecify.annotations.Nullable SmtpUrl smtp;
        private @org.jspecify.annotations.Nullable String publicUrl;
        private SecretBox secrets = new SecretBox(SecretBox.newKey(new SecureRandom()));

        private Builder() {}

        /**
         * The installation's secret key, which seals TOTP seeds at rest: the persistent one, from {@link
         * InstallationSecret#loadOrCreate}. Without this call a key is made up for this server's life, which suits
         * tests only: after a restart nobody's authenticator would open.
         */
        public Builder secrets(SecretBox value) {
            secrets = value;
            return this;
        }

        /**
         * The installation's checkpoint signing key (required): the persistent one, from {@link
         * CheckpointKey#loadOrCreate}. There is no default, because a key made up on each start would sign checkpoints
         * that nobody holding the installation's verifier key could check, and a restart would orphan all of them.
         */
        public Builder signer(NoteSigner value) {
            signer = value;
            return this;
        }

        /**
         * The reverse proxies whose {@code X-Forwarded-For} / {@code Forwarded} headers name the client (the console's
         * recorded {@code context.ip} and its sign-in throttle); none unless told.
         */
        public Builder trustedProxies(TrustedProxies value) {
            trustedProxies = value;
            return this;
        }

        /** The installation's name: the first part of every checkpoint origin. */
        public Builder installation(String value) {
            installation = value;
            return this;
        }

        /**
         * Serves {@code /metrics} (Prometheus text format) on a listener of its own at {@code host:port} (port 0 picks
         * a free one); without this call there is none. The public port never serves metrics.
         *
         * @param token when not null, a scrape must send {@code Authorization: Bearer <token>}
         */
        public Builder metrics(String host, int port, @org.jspecify.annotations.Nullable String token) {
            metricsHost = host;
            metricsPort = port;
            metricsToken = token;
            return this;
        }

        /**
         * The SMTP server that invitations and password resets are sent through ({@code ATTEST_SMTP_URL}); without
         * one, mail is kept in the outbox for super-users to read.
         */
        public Builder smtp(SmtpUrl value) {
            smtp = value;
            return this;
        }

        /**
         * The console's address as people reach it ({@code ATTEST_PUBLIC_URL}, e.g. {@code https://audit.example.com}),
         * which links in mail start with; without it, {@code http://host:port} of this server. Never taken from a
         * request's {@code Host} header, which a client chooses.
         *
         * @throws IllegalArgumentException unless it is an absolute http or https URL without query or fragment
         */
        public Builder publicUrl(String value) {
            java.net.URI uri;
            try {
                uri = new java.net.URI(value);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("ATTEST_PUBLIC_URL is not a URL: write https://host[:port][/path]");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(
                        "ATTEST_PUBLIC_URL must be an http or https URL without query, e.g. https://audit.example.com");
            }
            publicUrl = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            return this;
        }

        /**
         * How soon after a log grows a checkpoint of it is signed; {@link #DEFAULT_CHECKPOINT_INTERVAL} unless set.
         */
        public Builder checkpointInterval(Duration value) {
            checkpointInterval = value;
            return this;
        }

        public Builder storage(Storage value) {
            storage = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** The address to listen on; {@code 127.0.0.1} unless told otherwise. */
        public Builder host(String value) {
            host = value;
            return this;
        }

        /** The port; 0 picks a free one. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** How many events may wait for the writer before producers get 429. */
        public Builder maxQueuedEvents(long value) {
            maxQueuedEvents = value;
            return this;
        }

        /** The most events one transaction takes. */
        public Builder maxGroupEvents(int value) {
            maxGroupEvents = value;
            return this;
        }

        /**
         * The server, not yet started.
         *
         * @throws IllegalStateException if no storage or no signer was given
         */
        public AttestServer build() {
            if (storage == null) {
                throw new IllegalStateException("an AttestServer needs a storage: call storage(…) before build()");
            }
            if (signer == null) {
                throw new IllegalStateException("an AttestServer needs the installation's checkpoint signing key:"
                        + " call signer(CheckpointKey.loadOrCreate(dataDirectory.resolve(CheckpointKey.FILE_NAME),"
                        + " name)) before build(); a key made up on each start would sign checkpoints that no"
                        + " verifier key checks");
            }
            return new AttestServer(this);
        }
    }
}
