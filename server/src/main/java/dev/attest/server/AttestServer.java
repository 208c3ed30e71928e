package dev.attest.server;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.store.Storage;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;

/**
 * The Attest server: the HTTP API over one {@link Storage}, with its sequencer. {@link #start()} binds the port;
 * {@link #stop()} stops taking requests, commits everything already queued, and closes nothing it did not open (the
 * storage stays the caller's).
 */
public final class AttestServer {
    private final Storage storage;
    private final Sequencer sequencer;
    private final WebServer webServer;

    private AttestServer(Builder builder) {
        this.storage = Objects.requireNonNull(builder.storage, "storage");
        Clock clock = builder.clock;
        IdGenerator ids = new IdGenerator(clock);
        this.sequencer = new Sequencer(storage.events(), clock, builder.maxQueuedEvents, builder.maxGroupEvents);
        var authenticator = new ApiKeyAuthenticator(storage.organizations());
        var eventRoutes = new EventRoutes(authenticator, new EventParser(clock, ids), sequencer, storage.events());
        byte[] openApi = resource("openapi.yaml");
        HttpRouting.Builder routing = HttpRouting.builder()
                .addFilter(new RequestIds(ids))
                .register("/v1/organizations", eventRoutes)
                .register("/health", new HealthRoutes(storage, sequencer))
                .get("/openapi.yaml", (request, response) -> {
                    response.header(HeaderNames.CONTENT_TYPE, "application/yaml");
                    response.send(openApi);
                })
                .error(Throwable.class, (request, response, error) -> ProblemMapper.send(request, response, error));
        routing.any((request, response) -> {
            response.status(Status.NOT_FOUND_404);
            ProblemMapper.send(
                    request,
                    response,
                    Problem.notFound(
                            "no resource at " + request.path().absolute().path()));
        });
        this.webServer = WebServer.builder()
                .host(builder.host)
                .port(builder.port)
                // The largest batch of the largest events, plus room for JSON punctuation.
                .maxPayloadSize(40L * 1024 * 1024)
                .shutdownHook(false)
                .routing(routing)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts serving. */
    public AttestServer start() {
        webServer.start();
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return webServer.port();
    }

    /** Stops taking requests and commits every queued event before returning. */
    public void stop() {
        webServer.stop();
        sequencer.close();
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

        private Builder() {}

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

        public AttestServer build() {
            return new AttestServer(this);
        }
    }
}
