package dev.attest.server;

import dev.attest.core.event.Event;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Onboarding;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.PageRequest;
import dev.attest.core.store.Storage;
import dev.attest.integrity.NoteSigner;
import dev.attest.storage.sqlite.SqliteStorage;
import dev.attest.testing.TestClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A real Attest server on a free port over a real SQLite file, with two organizations, and an HTTP client. Its clock is
 * the tests' ({@link TestClock}).
 */
final class TestServer implements AutoCloseable {
    /** A signing key made for these tests; a real installation loads its own from the data directory. */
    static final NoteSigner SIGNER = NoteSigner.fromPrivateKey(NoteSigner.generatePrivateKey("attest.local"));

    final Storage storage;
    final AttestServer server;
    final Onboarding.Created acme;
    final Onboarding.Created globex;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(Path dataDirectory) {
        this(SqliteStorage.open(dataDirectory, 4), b -> b);
    }

    TestServer(Storage storage, Function<AttestServer.Builder, AttestServer.Builder> configure) {
        this.storage = storage;
        this.server = configure
                .apply(AttestServer.builder()
                        .storage(storage)
                        .signer(SIGNER)
                        .port(0)
                        .clock(TestClock.clock()))
                .build()
                .start();
        var onboarding = new Onboarding(storage.organizations(), TestClock.clock());
        this.acme = onboarding.create("Acme");
        this.globex = onboarding.create("Globex");
    }

    OrganizationId acmeId() {
        return acme.organization().id();
    }

    /** The events of {@code action} in the organization's log, newest first (up to the largest page). */
    List<Event> recorded(OrganizationId organization, String action) {
        return storage.events()
                .query(
                        EventFilter.builder(organization)
                                .actions(List.of(action))
                                .build(),
                        PageRequest.first(PageRequest.MAX_LIMIT))
                .events();
    }

    /** The events of {@code action} in Acme's log, newest first. */
    List<Event> recorded(String action) {
        return recorded(acmeId(), action);
    }

    String acmeKey() {
        return acme.apiKey().secret();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    String eventsPath(OrganizationId org) {
        return "/v1/organizations/" + org.value() + "/events";
    }

    /** A response with its body parsed as JSON (or a missing node when it is not JSON). */
    record Reply(int status, JsonNode json, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse("");
        }
    }

    Reply post(OrganizationId org, String key, String body) {
        return send(HttpRequest.newBuilder(uri(eventsPath(org)))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    Reply postAcme(String body) {
        return post(acmeId(), acmeKey(), body);
    }

    Reply get(String pathAndQuery, String key) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build());
    }

    /** A JSON request with this {@code Authorization} header (e.g. {@code Bearer atk_…}). */
    Reply call(String method, String path, String authorization, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(response.body());
            } catch (RuntimeException notJson) {
                json = Json.MAPPER.missingNode();
            }
            return new Reply(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits (up to 20 s) until the checkpointer has signed Acme's log at {@code size} events or more. */
    void awaitAcmeCheckpoint(long size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (storage.checkpoints().latest(acmeId()).map(c -> c.size()).orElse(0L) < size
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        server.stop();
        storage.close();
    }
}
