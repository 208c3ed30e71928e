package dev.attest.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Sends audit events to an Attest server, for one organization. Thread-safe: share one client per organization.
 *
 * <p>Two ways to send:
 *
 * <ul>
 *   <li>{@link #send(Event)} / {@link #sendAll(List)}: synchronous; returns once the server committed the events
 *       durably.
 *   <li>{@link #enqueue(Event)}: asynchronous; the event joins a bounded buffer and is sent in batches (up to
 *       {@link Builder#maxBatchSize(int)} events, waiting at most {@link Builder#linger(Duration)} for a batch to
 *       fill). When the buffer is full, {@code enqueue} blocks or throws {@link BufferFullException}, as
 *       {@link Builder#overflow(Overflow)} says; an event is never dropped silently. {@link #flush()} and
 *       {@link #close()} wait for everything taken and name every event that failed.
 * </ul>
 *
 * <p>Requests are retried on connection errors, 408, 429 and 5xx with exponential backoff and jitter, never sooner
 * than the server's {@code Retry-After} ({@link RetryPolicy}). Retries cannot store an event twice: its id is fixed
 * on the client when the {@link Event} is built, and the server acknowledges a known id with its original
 * {@code seq}. Events the server rejects (400) are not retried; the server's reason is reported for each.
 *
 * <p>Memory: at most {@link Builder#bufferSize(int)} events wait in the buffer, plus one batch per sender thread in
 * flight.
 */
public final class AttestClient implements AutoCloseable {
    /** What {@link #enqueue(Event)} does when the buffer is full. */
    public enum Overflow {
        /** Wait for room: the producer slows down to the server's pace. */
        BLOCK,
        /** Throw {@link BufferFullException} at once; the caller decides. */
        FAIL_FAST
    }

    private final Transport transport;
    private final Sender sender;
    private final int maxBatchSize;
    private final ViewerAccess viewers;

    private AttestClient(Builder b) {
        URI events = URI.create(
                b.baseUri.toString().replaceAll("/+$", "") + "/v1/organizations/" + b.organizationId + "/events");
        HttpClient http = b.httpClient != null
                ? b.httpClient
                : HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(b.connectTimeout)
                        .build();
        Authorizer authorizer;
        AppCredentials app = b.app;
        if (app != null) {
            URI configured = app.tokenUri();
            URI tokenUri = configured != null
                    ? configured
                    : URI.create(b.baseUri.toString().replaceAll("/+$", "") + "/oauth/token");
            authorizer = new AppTokens(AppTokens.endpoint(http, tokenUri, app, b.requestTimeout), b.clock);
        } else {
            authorizer = Authorizer.apiKey(Objects.requireNonNull(b.apiKey, "apiKey"));
        }
        this.transport = new Transport(http, events, authorizer, b.retry, b.requestTimeout, b.clock);
        this.maxBatchSize = b.maxBatchSize;
        this.sender = new Sender(transport, b.bufferSize, b.maxBatchSize, b.linger, b.overflow, b.senders);
        this.viewers = new ViewerAccess(http, b.baseUri, b.organizationId, authorizer, b.requestTimeout);
    }

    /**
     * A builder for a client of {@code organizationId} at {@code baseUri} (e.g. {@code http://127.0.0.1:8080}).
     *
     * @param apiKey the organization's API key ({@code atk_…}); sent as {@code Authorization: Bearer}
     */
    public static Builder builder(URI baseUri, String organizationId, String apiKey) {
        return new Builder(baseUri, organizationId, Objects.requireNonNull(apiKey, "apiKey"), null);
    }

    /**
     * A builder for a client of {@code organizationId} at {@code baseUri} that acts as a developer app: it exchanges the
     * app's client credentials at the token endpoint ({@code /oauth/token}, RFC 6749 §4.4) for a short-lived access
     * token, uses it until shortly before it expires, and fetches a new one then. When the server refuses a token
     * (401), the client fetches a new one once and sends the request again. After the app's secret is reset or the app
     * is deleted, no token can be had any more: every send fails with status 401 and a reason that says so (nothing is
     * dropped silently); build a client with the new secret.
     */
    public static Builder builder(URI baseUri, String organizationId, AppCredentials app) {
        return new Builder(baseUri, organizationId, null, Objects.requireNonNull(app, "app"));
    }

    /**
     * A single-use link (5 minutes) to the organization's log for one of the vendor's customers, with what they may
     * see. Needs a key (or an app) with the {@code portal} scope. Each call issues a new link.
     *
     * @throws ViewerAccessException if the server refused (naming why) or could not be reached
     */
    public PortalLink portalLink(ViewerRequest request) throws ViewerAccessException {
        return viewers.portalLink(request);
    }

    /**
     * A short-lived viewer token for the embedded {@code <attest-log>} component, with what its viewer may see. Needs a
     * key with the {@code portal} scope. Each call issues a new token.
     *
     * @throws ViewerAccessException if the server refused (naming why) or could not be reached
     */
    public ViewerToken viewerToken(ViewerRequest request) throws ViewerAccessException {
        return viewers.viewerToken(request);
    }

    /**
     * Sends one event and waits until the server committed it (retrying as the {@link RetryPolicy} allows).
     *
     * @return the event's place in the log; {@link SendResult#created()} is false for a retry of a stored event
     * @throws DeliveryException if the server rejected the event or could not be reached in time
     */
    public SendResult send(Event event) throws DeliveryException {
        return sendAll(List.of(event)).getFirst();
    }

    /**
     * Sends events in batches of at most {@link Builder#maxBatchSize(int)} and waits for all of them. Events the server
     * rejects do not hold back the others.
     *
     * @return one result per event, in order
     * @throws DeliveryException naming every event not delivered; all others were
     */
    public List<SendResult> sendAll(List<Event> events) throws DeliveryException {
        var results = new ArrayList<SendResult>(events.size());
        var failures = new ArrayList<FailedEvent>();
        for (int from = 0; from < events.size(); from += maxBatchSize) {
            List<Event> batch = events.subList(from, Math.min(events.size(), from + maxBatchSize));
            Transport.BatchResult result = transport.deliver(batch);
            failures.addAll(result.failed());
            for (Event event : batch) {
                SendResult ok = result.delivered().get(event);
                if (ok != null) {
                    results.add(ok);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new DeliveryException(failures);
        }
        return results;
    }

    /**
     * Takes an event for asynchronous delivery.
     *
     * @return completes with the server's acknowledgement, or exceptionally with a {@link DeliveryException} (which
     *     the next {@link #flush()} or {@link #close()} reports as well)
     * @throws BufferFullException if the buffer is full and the overflow policy is {@link Overflow#FAIL_FAST}, or the
     *     thread was interrupted while waiting for room; the event was then not taken
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletableFuture<SendResult> enqueue(Event event) {
        return sender.enqueue(Objects.requireNonNull(event, "event"));
    }

    /**
     * Sends everything taken by {@link #enqueue(Event)} before this call without waiting for batches to fill, and waits
     * until each is acknowledged or failed.
     *
     * @throws DeliveryException naming every event that failed since the last flush (each failure is reported once)
     */
    public void flush() throws DeliveryException {
        sender.flush();
    }

    /** Events taken by {@link #enqueue(Event)} and not yet acknowledged or failed. */
    public int pending() {
        return sender.outstanding();
    }

    /**
     * Takes no more events, delivers every event already taken (retrying as the policy allows), and stops the sender
     * threads.
     *
     * @throws DeliveryException naming every event that failed and was not reported by an earlier {@link #flush()}
     */
    @Override
    public void close() throws DeliveryException {
        sender.close();
    }

    /** Configuration of an {@link AttestClient}; the defaults suit most producers. */
    public static final class Builder {
        private final URI baseUri;
        private final String organizationId;
        private final @Nullable String apiKey;
        private final @Nullable AppCredentials app;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private int maxBatchSize = 500;
        private Duration linger = Duration.ofMillis(20);
        private int bufferSize = 10_000;
        private Overflow overflow = Overflow.BLOCK;
        private int senders = 2;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private @Nullable HttpClient httpClient;

        private Builder(URI baseUri, String organizationId, @Nullable String apiKey, @Nullable AppCredentials app) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
            this.organizationId = Objects.requireNonNull(organizationId, "organizationId");
            this.apiKey = apiKey;
            this.app = app;
        }

        /** Retries of failed requests; {@link RetryPolicy#DEFAULT} unless set. */
        public Builder retry(RetryPolicy value) {
            retry = value;
            return this;
        }

        /** The most events in one request, 1 to 1,000 (the server's limit); 500 unless set. */
        public Builder maxBatchSize(int value) {
            if (value < 1 || value > 1_000) {
                throw new IllegalArgumentException("maxBatchSize must be from 1 to 1000, not " + value);
            }
            maxBatchSize = value;
            return this;
        }

        /** How long a sender waits for a batch to fill before sending what it has; 20 ms unless set. */
        public Builder linger(Duration value) {
            linger = value;
            return this;
        }

        /** The most events waiting in the buffer; 10,000 unless set. */
        public Builder bufferSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("bufferSize must be at least 1, not " + value);
            }
            bufferSize = value;
            return this;
        }

        /** What {@link #enqueue(Event)} does when the buffer is full; {@link Overflow#BLOCK} unless set. */
        public Builder overflow(Overflow value) {
            overflow = value;
            return this;
        }

        /** How many batches may be in flight at once (one thread each); 2 unless set. */
        public Builder senders(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("senders must be at least 1, not " + value);
            }
            senders = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        /** How long one request may take before it counts as failed (and is retried); 60 s unless set. */
        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        /** The clock that reads {@code Retry-After} dates and tells when an app's access token expires (tests). */
        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** Your own {@link HttpClient} (proxy, TLS settings); one with HTTP/1.1 and the connect timeout otherwise. */
        public Builder httpClient(HttpClient value) {
            httpClient = value;
            return this;
        }

        public AttestClient build() {
            return new AttestClient(this);
        }
    }
}
