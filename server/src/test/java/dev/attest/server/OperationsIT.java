package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.Event;
import dev.attest.core.event.EventId;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.log.TreeHashStore;
import dev.attest.core.store.AppendRequest;
import dev.attest.core.store.Appended;
import dev.attest.core.store.CheckpointStore;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.EventPage;
import dev.attest.core.store.EventStore;
import dev.attest.core.store.LogHead;
import dev.attest.core.store.MemberStore;
import dev.attest.core.store.MfaStore;
import dev.attest.core.store.OrganizationStore;
import dev.attest.core.store.PageRequest;
import dev.attest.core.store.PasskeyStore;
import dev.attest.core.store.RateLimitStore;
import dev.attest.core.store.SessionStore;
import dev.attest.core.store.Storage;
import dev.attest.core.store.VolumeBucket;
import dev.attest.storage.sqlite.SqliteStorage;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationsIT {
    @TempDir
    Path data;

    @Test
    void health_liveAndReady_200() {
        try (var server = new TestServer(data)) {
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/health/live"))
                                    .build())
                            .status())
                    .isEqualTo(200);
            TestServer.Reply ready = server.send(
                    HttpRequest.newBuilder(server.uri("/health/ready")).build());
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().get("database").asString()).isEqualTo("up");
        }
    }

    @Test
    void openApi_isServedAndNamesEveryRoute() {
        try (var server = new TestServer(data)) {
            TestServer.Reply reply = server.send(
                    HttpRequest.newBuilder(server.uri("/openapi.yaml")).build());
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.raw().body())
                    .contains("openapi: 3.1.0")
                    .contains("/v1/organizations/{org}/events:")
                    .contains("/v1/organizations/{org}/events/{id}:")
                    .contains("/health/ready:")
                    .contains("/v1/organizations/{org}/checkpoint:")
                    .contains("/v1/organizations/{org}/proofs/inclusion:")
                    .contains("/v1/organizations/{org}/proofs/consistency:")
                    .contains("/v1/organizations/{org}/export:")
                    .contains("/v1/organizations/{org}/members:")
                    .contains("/v1/organizations/{org}/members/{id}:")
                    .contains("/v1/organizations/{org}:")
                    .contains("/v1/organizations/{org}/api-keys:")
                    .contains("/v1/organizations/{org}/api-keys/{id}:")
                    .contains("/v1/organizations/{org}/api-keys/{id}/regenerate:")
                    .contains("/v1/organizations/{org}/apps:")
                    .contains("/v1/organizations/{org}/apps/{id}:")
                    .contains("/v1/organizations/{org}/apps/{id}/secret:")
                    .contains("/oauth/token:")
                    .contains("/v1/organizations/{org}/groups:")
                    .contains("/v1/organizations/{org}/groups/{id}:")
                    .contains("/v1/organizations/{org}/groups/{id}/members:")
                    .contains("/v1/organizations/{org}/groups/{id}/workspaces:")
                    .contains("/v1/organizations/{org}/workspaces:")
                    .contains("/v1/organizations/{org}:");
        }
    }

    @Test
    void unknownPath_404Problem() {
        try (var server = new TestServer(data)) {
            TestServer.Reply reply = server.send(
                    HttpRequest.newBuilder(server.uri("/nothing/here")).build());
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        }
    }

    @Test
    void fullWriterQueue_429WithRetryAfter_andNothingOfTheRefusedRequestStored() throws Exception {
        var gate = new CountDownLatch(1);
        var storage = new GatedStorage(SqliteStorage.open(data, 2), gate);
        try (var server = new TestServer(storage, b -> b.maxQueuedEvents(3))) {
            // The first request is taken by the writer and held at the gate; the next two fill the queue.
            var accepted = new ArrayList<CompletableFuture<TestServer.Reply>>();
            for (int i = 0; i < 3; i++) {
                String id = "queued-" + i;
                accepted.add(CompletableFuture.supplyAsync(() -> server.postAcme(Documents.roleChange(id))));
                awaitQueued(server, i + 1);
            }
            TestServer.Reply refused = server.postAcme(Documents.roleChange("refused"));
            gate.countDown();

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            for (var reply : accepted) {
                assertThat(reply.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
            }
            assertThat(storage.events().find(server.acmeId(), new EventId("refused")))
                    .isEmpty();
            assertThat(storage.events().size(server.acmeId())).isEqualTo(3);
        }
    }

    private static void awaitQueued(TestServer server, int requests) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.server.sequencer().pendingEvents() < requests && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void stop_withRequestsInFlight_commitsEveryAcknowledgedEvent() throws Exception {
        var acknowledged = new ArrayList<String>();
        OrganizationId org;
        try (var server = new TestServer(data)) {
            org = server.acmeId();
            var replies = new ArrayList<CompletableFuture<TestServer.Reply>>();
            for (int i = 0; i < 50; i++) {
                String id = "inflight-" + i;
                replies.add(CompletableFuture.supplyAsync(() -> server.postAcme(Documents.roleChange(id))));
            }
            for (var reply : replies) {
                TestServer.Reply r = reply.get(10, TimeUnit.SECONDS);
                if (r.status() == 201) {
                    acknowledged.add(r.json().get("id").asString());
                }
            }
        }
        try (var reopened = SqliteStorage.open(data, 1)) {
            for (String id : acknowledged) {
                assertThat(reopened.events().find(org, new EventId(id))).as(id).isPresent();
            }
            assertThat(reopened.events().size(org)).isEqualTo(acknowledged.size());
        }
    }

    /** A real storage whose appends wait at a gate: the writer is busy for as long as the test wants. */
    private static final class GatedStorage implements Storage {
        private final Storage delegate;
        private final EventStore events;

        GatedStorage(Storage delegate, CountDownLatch gate) {
            this.delegate = delegate;
            this.events = new EventStore() {
                @Override
                public List<List<Appended>> append(List<AppendRequest> requests) {
                    try {
                        gate.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return delegate.events().append(requests);
                }

                @Override
                public Optional<Event> find(OrganizationId organization, EventId id) {
                    return delegate.events().find(organization, id);
                }

                @Override
                public EventPage query(EventFilter filter, PageRequest page) {
                    return delegate.events().query(filter, page);
                }

                @Override
                public long size(OrganizationId organization) {
                    return delegate.events().size(organization);
                }

                @Override
                public LogHead head(OrganizationId organization) {
                    return delegate.events().head(organization);
                }

                @Override
                public void scan(OrganizationId organization, long fromSeq, long toSeq, Consumer<Event> consumer) {
                    delegate.events().scan(organization, fromSeq, toSeq, consumer);
                }

                @Override
                public void scanLeaves(OrganizationId organization, long fromSeq, long toSeq, LeafConsumer consumer) {
                    delegate.events().scanLeaves(organization, fromSeq, toSeq, consumer);
                }

                @Override
                public TreeHashStore treeHashes() {
                    return delegate.events().treeHashes();
                }

                @Override
                public List<VolumeBucket> volume(
                        EventFilter filter, java.time.Instant from, java.time.Instant until, int buckets) {
                    return delegate.events().volume(filter, from, until, buckets);
                }
            };
        }

        @Override
        public EventStore events() {
            return events;
        }

        @Override
        public OrganizationStore organizations() {
            return delegate.organizations();
        }

        @Override
        public CheckpointStore checkpoints() {
            return delegate.checkpoints();
        }

        @Override
        public MemberStore members() {
            return delegate.members();
        }

        @Override
        public SessionStore sessions() {
            return delegate.sessions();
        }

        @Override
        public dev.attest.core.store.InvitationStore invitations() {
            return delegate.invitations();
        }

        @Override
        public dev.attest.core.store.PasswordResetStore passwordResets() {
            return delegate.passwordResets();
        }

        @Override
        public dev.attest.core.store.OutboxStore outbox() {
            return delegate.outbox();
        }

        @Override
        public MfaStore mfa() {
            return delegate.mfa();
        }

        @Override
        public PasskeyStore passkeys() {
            return delegate.passkeys();
        }

        @Override
        public RateLimitStore rateLimits() {
            return delegate.rateLimits();
        }

        @Override
        public dev.attest.core.store.ApiKeyStore apiKeys() {
            return delegate.apiKeys();
        }

        @Override
        public dev.attest.core.store.AppStore apps() {
            return delegate.apps();
        }

        @Override
        public dev.attest.core.store.DirectoryStore directory() {
            return delegate.directory();
        }

        @Override
        public dev.attest.core.store.ViewerStore viewers() {
            return delegate.viewers();
        }

        @Override
        public dev.attest.core.store.GroupStore groups() {
            return delegate.groups();
        }

        @Override
        public dev.attest.core.store.WorkspaceStore workspaces() {
            return delegate.workspaces();
        }

        @Override
        public <R> R inTransaction(java.util.function.Function<dev.attest.core.store.Transaction, R> work) {
            return delegate.inTransaction(work);
        }

        @Override
        public boolean isHealthy() {
            return delegate.isHealthy();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
