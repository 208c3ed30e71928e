package dev.attest.server.compat;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.EventParser.RawEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.org.Scope;
import dev.attest.core.store.Appended;
import dev.attest.core.store.StoredApiKey;
import dev.attest.server.ApiKeyCache;
import dev.attest.server.ClientAddresses;
import dev.attest.server.Json;
import dev.attest.server.JsonBodies;
import dev.attest.server.Problem;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;

/**
 * What both compatible endpoints share: finding the organization of an API key, reading JSON the way {@code /v1}
 * does (the same media type rule, size bounds and streaming), and taking mapped event documents through the native
 * parser and sequencer. Thread-safe.
 */
final class CompatIngest {
    /** How long a producer waits for its commit; the same as {@code /v1}. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    /** Writes the compatible answers; bodies are read by {@link JsonBodies}, as {@code /v1} reads them. */
    private final ApiKeyCache keys;

    private final EventParser parser;
    private final Sequencer sequencer;

    CompatIngest(ApiKeyCache keys, EventParser parser, Sequencer sequencer) {
        this.keys = keys;
        this.parser = parser;
        this.sequencer = sequencer;
    }

    /**
     * The organization whose API key {@code presented} is, if any.
     *
     * @throws Problem 403 ({@code missing-scope}) when the key may not write events
     */
    Optional<OrganizationId> organizationOf(@Nullable String presented, ServerRequest request) {
        Optional<StoredApiKey> key =
                keys.find(presented, ClientAddresses.of(request).orElse(null));
        if (key.isPresent() && !key.get().scopes().contains(Scope.EVENTS_WRITE)) {
            throw Problem.missingScope(
                    Scope.EVENTS_WRITE.wire(),
                    "this api_key lacks the scope " + Scope.EVENTS_WRITE.wire() + " (needed to append events)");
        }
        return key.map(StoredApiKey::organization);
    }

    /**
     * The JSON value of a body that carries one event, read as {@code /v1} reads bodies.
     *
     * @throws Problem 400 ({@code invalid-json}) when it is not one JSON value, 413 when it is larger than one event
     *     can need, 415 when it is not declared as JSON in UTF-8
     */
    static @Nullable Object readOne(ServerRequest request) {
        try (JsonParser json = JsonBodies.open(request, JsonBodies.MAX_EVENT_BODY_BYTES)) {
            return JsonBodies.readValue(json);
        }
    }

    /**
     * A body that is an object with an array of events in {@code member}, its events streamed and checked as
     * {@code /v1} checks a batch.
     */
    static JsonBodies.Envelope readBatch(ServerRequest request, String member) {
        try (JsonParser json = JsonBodies.open(request, JsonBodies.MAX_BATCH_BODY_BYTES)) {
            return JsonBodies.readEnvelope(json, member);
        }
    }

    /**
     * Validates and commits Attest event documents, all or nothing.
     *
     * @throws dev.attest.core.event.InvalidEventException naming every broken rule (pointers into the Attest document)
     * @throws dev.attest.core.ingest.BackpressureException when the writer queue is full
     * @throws dev.attest.core.ingest.CommitTimeoutException when the commit took too long (the events may still commit; a retry is safe)
     */
    List<Appended> append(OrganizationId org, List<Map<String, Object>> documents) {
        List<RawEvent> raw =
                documents.stream().map(d -> new RawEvent(d, JsonBodies.size(d))).toList();
        return sequencer.append(org, parser.parse(org, raw, documents.size() > 1), COMMIT_TIMEOUT);
    }

    static void send(ServerResponse response, int status, Object body, Map<String, String> headers) {
        response.status(Status.create(status));
        headers.forEach((name, value) -> response.header(HeaderNames.create(name), value));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.write(body));
    }
}
