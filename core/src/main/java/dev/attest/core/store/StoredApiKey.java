package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.org.Scope;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the server keeps of an API key: never the key itself, only what names and limits it. Immutable.
 *
 * @param id the key's stable id ({@code key_…}); it survives regeneration
 * @param name what people call it, e.g. "billing producer"
 * @param prefix the first characters of the current key, to tell keys apart; changes on regeneration
 * @param scopes what the key may do; never empty
 * @param lastUsedAt when the key was last seen, to the minute at best ({@code null}: never)
 * @param lastUsedIp from where, as the server saw the client ({@code null}: never or unknown)
 */
public record StoredApiKey(
        String id,
        OrganizationId organization,
        String name,
        String prefix,
        Set<Scope> scopes,
        Instant createdAt,
        @Nullable Instant lastUsedAt,
        @Nullable String lastUsedIp) {

    /** The name of the key every organization is made with, and of keys that existed before keys had names. */
    public static final String FIRST_KEY_NAME = "Default key";

    public StoredApiKey {
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
    }
}
