package dev.attest.server;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.ApiKey;
import dev.attest.core.store.ApiKeyStore;
import dev.attest.core.store.StoredApiKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Finds the API key a request presents, by its SHA-256, without a database read per request: the ingest path asks on
 * every request. An entry lives {@link #TTL} (what another process's revocation may take to reach this one); a key
 * regenerated or revoked in this process is {@linkplain #forget forgotten} at once, and a lookup that raced with it
 * cannot put the old key back. Also notes each key's last use, in the store at most once per {@link #USE_PERIOD} per
 * key, so that ingest adds no write per request. Thread-safe.
 */
public final class ApiKeyCache {
    /** How long a key found in the store is trusted without asking again. */
    static final Duration TTL = Duration.ofSeconds(30);

    /** How often a key's last use is written at most. */
    static final Duration USE_PERIOD = Duration.ofMinutes(1);

    private static final int MAX_ENTRIES = 10_000;

    private final ApiKeyStore keys;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** Grows on every {@link #forget}; a lookup that began before it must not store what it read. */
    private final AtomicLong generation = new AtomicLong();

    private static final class Entry {
        final StoredApiKey key;
        final Instant loadedAt;
        final AtomicReference<@Nullable Instant> lastNoted;

        Entry(StoredApiKey key, Instant loadedAt) {
            this.key = key;
            this.loadedAt = loadedAt;
            this.lastNoted = new AtomicReference<>(key.lastUsedAt());
        }
    }

    ApiKeyCache(ApiKeyStore keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * The active key whose secret {@code presented} is, noting its use from {@code ip}.
     *
     * @return empty for a blank, unknown, regenerated or revoked key
     */
    public Optional<StoredApiKey> find(@Nullable String presented, @Nullable String ip) {
        if (presented == null || presented.isBlank()) {
            return Optional.empty();
        }
        byte[] hash = ApiKey.hash(presented.strip());
        String cacheKey = HexFormat.of().formatHex(hash);
        Instant now = clock.instant();
        Entry entry = entries.get(cacheKey);
        if (entry == null || !now.isBefore(entry.loadedAt.plus(TTL))) {
            long before = generation.get();
            Optional<StoredApiKey> found = keys.findByHash(hash);
            if (found.isEmpty()) {
                entries.remove(cacheKey);
                return Optional.empty();
            }
            entry = new Entry(found.get(), now);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(cacheKey, entry);
            if (generation.get() != before) {
                // A key was forgotten while this lookup read the store: what it read may be the key just retired.
                entries.remove(cacheKey);
                return keys.findByHash(hash).map(key -> noteUse(new Entry(key, now), now, ip));
            }
        }
        return Optional.of(noteUse(entry, now, ip));
    }

    private StoredApiKey noteUse(Entry entry, Instant now, @Nullable String ip) {
        Instant last = entry.lastNoted.get();
        if ((last == null || !now.isBefore(last.plus(USE_PERIOD))) && entry.lastNoted.compareAndSet(last, now)) {
            keys.recordUse(entry.key.id(), now, ip);
        }
        return entry.key;
    }

    /** Drops every key of {@code organization} (deleted): the next request with one of them reads the store. */
    public void forgetOrganization(OrganizationId organization) {
        generation.incrementAndGet();
        entries.values().removeIf(entry -> entry.key.organization().equals(organization));
    }

    /** Drops key {@code id} (regenerated or revoked): the next request with its old secret reads the store. */
    public void forget(String id) {
        generation.incrementAndGet();
        entries.values().removeIf(entry -> entry.key.id().equals(id));
    }
}
