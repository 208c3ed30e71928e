package dev.attest.client;

import dev.attest.core.event.Event;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.EventPage;
import dev.attest.core.store.PageRequest;
import dev.attest.integrity.NoteSigner;
import dev.attest.server.AttestServer;
import dev.attest.server.CheckpointKey;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Attest server over a real SQLite directory, with one organization, that can be stopped and started again on
 * the same port and data, on the tests' clock ({@link TestClock}): what the SDK tests run against.
 */
final class LiveServer implements AutoCloseable {
    private final Path data;
    private SqliteStorage storage;
    private AttestServer server;
    private final int port;
    private final Clock clock;
    final OrganizationId org;
    final String key;

    LiveServer(Path data) {
        this(data, TestClock.clock());
    }

    /** A server on {@code clock}, e.g. one a test moves past a token's expiry; its metrics on a port of their own. */
    LiveServer(Path data, Clock clock) {
        this.data = data;
        this.clock = clock;
        this.storage = SqliteStorage.open(data, 2);
        this.server = AttestServer.builder()
                .storage(storage)
                .signer(signer())
                .port(0)
                .clock(clock)
                .metrics("127.0.0.1", 0, null)
                .build()
                .start();
        this.port = server.port();
        Onboarding.Created acme = new Onboarding(storage.organizations(), TestClock.clock()).create("Acme");
        this.org = acme.organization().id();
        this.key = acme.apiKey().secret();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    AttestClient.Builder client() {
        return AttestClient.builder(uri(), org.value(), key);
    }

    /** The Prometheus text of the server's metrics (requests answered by route and status …). */
    String metrics() throws java.io.IOException, InterruptedException {
        var request = java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.metricsPort().orElseThrow() + "/metrics"))
                .build();
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }

    /** Stops taking requests (committing what is queued) and closes the database. */
    void stop() {
        server.stop();
        storage.close();
    }

    /** Opens the same data directory again and serves it on the same port. */
    void restart() {
        storage = SqliteStorage.open(data, 2);
        server = AttestServer.builder()
                .storage(storage)
                .signer(signer())
                .port(port)
                .clock(clock)
                .metrics("127.0.0.1", 0, null)
                .build()
                .start();
    }

    /** The installation's key, kept in the data directory as {@code attest serve} keeps it: the same after a restart. */
    private NoteSigner signer() {
        return CheckpointKey.loadOrCreate(data.resolve(CheckpointKey.FILE_NAME), "attest.local");
    }

    /** Every stored event of the organization, in log order. */
    List<Event> events() {
        var all = new ArrayList<Event>();
        PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            EventPage page = storage.events().query(EventFilter.of(org), request);
            all.addAll(page.events());
            if (page.next() == null) {
                return all;
            }
            request = request.after(page.next());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
