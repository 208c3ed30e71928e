package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.org.Onboarding;
import dev.attest.core.store.Storage;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key cache over a real SQLite store: a write per minute at most, and forgetting at once. */
class ApiKeyCacheTest {
    private static final Instant START = Instant.parse("2026-12-31T23:59:50Z");

    /** A clock the test moves by hand. */
    private static final class Hands extends Clock {
        private volatile Instant now = START;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    @TempDir
    Path data;

    Storage storage;
    private final Hands clock = new Hands();
    ApiKeyCache cache;
    Onboarding.Created acme;
    String id;

    @BeforeEach
    void open() {
        storage = SqliteStorage.open(data, 1);
        cache = new ApiKeyCache(storage.apiKeys(), clock);
        acme = new Onboarding(storage.organizations(), clock).create("Acme");
        id = storage.apiKeys().findByHash(acme.apiKey().hash()).orElseThrow().id();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private @Nullable Instant lastUsed() {
        return storage.apiKeys()
                .find(acme.organization().id(), id)
                .orElseThrow()
                .lastUsedAt();
    }

    @Test
    void find_severalUsesWithinAMinute_noteTheFirstOnly_thenTheNextMinute() {
        assertThat(cache.find(acme.apiKey().secret(), "203.0.113.1")).isPresent();
        assertThat(lastUsed()).isEqualTo(START);

        clock.advance(Duration.ofSeconds(40));
        cache.find(acme.apiKey().secret(), "203.0.113.1");
        assertThat(lastUsed()).isEqualTo(START);

        clock.advance(Duration.ofSeconds(21));
        cache.find(acme.apiKey().secret(), "198.51.100.7");
        assertThat(lastUsed()).isEqualTo(START.plusSeconds(61));
        assertThat(storage.apiKeys()
                        .find(acme.organization().id(), id)
                        .orElseThrow()
                        .lastUsedIp())
                .isEqualTo("198.51.100.7");
    }

    @Test
    void find_revokedElsewhere_servedUntilTheTtl_butForgottenAtOnceWhenTold() {
        cache.find(acme.apiKey().secret(), null);
        storage.apiKeys().revoke(acme.organization().id(), id, START);

        // Another process revoked it: this one learns within the TTL.
        assertThat(cache.find(acme.apiKey().secret(), null)).isPresent();
        clock.advance(ApiKeyCache.TTL);
        assertThat(cache.find(acme.apiKey().secret(), null)).isEmpty();
    }

    @Test
    void forget_revokedHere_nextFindIsEmpty() {
        cache.find(acme.apiKey().secret(), null);
        storage.apiKeys().revoke(acme.organization().id(), id, START);

        cache.forget(id);

        assertThat(cache.find(acme.apiKey().secret(), null)).isEmpty();
        assertThat(cache.find("  ", null)).isEmpty();
        assertThat(cache.find(null, null)).isEmpty();
    }
}
