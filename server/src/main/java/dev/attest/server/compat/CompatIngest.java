package dev.attest.server.compat;

import dev.attest.core.event.EventParser;
import dev.attest.core.event.EventParser.RawEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.org.ApiKey;
import dev.attest.core.store.Appended;
import dev.attest.core.store.OrganizationStore;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What both compatible endpoints share: finding the organization of an API key, reading JSON the way {@code /v1}
 * does, and taking mapped event documents through the native parser and sequencer. Thread-safe.
 */
final class CompatIngest {
    /** How long a producer waits for its commit; the same as {@code /v1}. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final OrganizationStore organizations;
    private final EventParser parser;
    private final Sequencer sequencer;

    CompatIngest(OrganizationStore organizations, EventParser parser, Sequencer sequencer) {
        this.organizations = organizations;
        this.parser = parser;
        this.sequencer = sequencer;
    }

    /** The organization whose API key {@code presented} is, if any. */
    Optional<OrganizationId> organizationOf(@Nullable String presented) {
        if (presented == null || presented.isBlank()) {
            return Optional.empty();
        }
        return organizations.findByApiKeyHash(ApiKey.hash(presented.trim()));
    }

    /**
     * The JSON value of a body, or empty when it is not JSON.
     */
    static Optional<Object> read(byte[] body) {
        try {
            return Optional.ofNullable(MAPPER.readValue(body, Object.class));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** The size of a document as JSON text, for the event size limit. */
    static int size(Object document) {
        return MAPPER.writeValueAsBytes(document).length;
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
                documents.stream().map(d -> new RawEvent(d, size(d))).toList();
        return sequencer.append(org, parser.parse(org, raw, documents.size() > 1), COMMIT_TIMEOUT);
    }

    static void send(ServerResponse response, int status, Object body, Map<String, String> headers) {
        response.status(Status.create(status));
        headers.forEach((name, value) -> response.header(HeaderNames.create(name), value));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(MAPPER.writeValueAsBytes(body));
    }
}
