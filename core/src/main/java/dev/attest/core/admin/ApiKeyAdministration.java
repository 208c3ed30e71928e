package dev.attest.core.admin;

import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.member.Permission;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Organization;
import dev.attest.core.org.Scope;
import dev.attest.core.store.Storage;
import dev.attest.core.store.StoredApiKey;
import dev.attest.core.store.Transaction;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An organization's API keys as its admins (and keys with the {@code admin} scope) manage them: several named keys,
 * each with scopes; created ({@code api.key.enable}), regenerated ({@code api.key.regenerate}) and revoked (Attest's
 * own {@code api.key.revoke}), each stored with its event in one transaction. The key itself is returned once and
 * only its SHA-256 is kept; payloads carry its prefix, never the key. A refused regeneration or revocation is recorded
 * with outcome {@code failure}. Thread-safe.
 */
public final class ApiKeyAdministration {
    /** The longest key name, in characters. */
    public static final int MAX_NAME = 100;

    private final Storage storage;
    private final Recorder recorder;
    private final Clock clock;
    private final IdGenerator ids;
    private final Consumer<String> retired;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param retired told the id of every key regenerated or revoked, after the change committed, so that a cache of
     *     keys forgets it at once
     */
    public ApiKeyAdministration(Storage storage, Recorder recorder, Clock clock, Consumer<String> retired) {
        this.storage = storage;
        this.recorder = recorder;
        this.clock = clock;
        this.ids = new IdGenerator(clock);
        this.retired = retired;
    }

    /** A key as stored and the only copy of its secret. */
    public record Issued(StoredApiKey key, ApiKey secret) {}

    /**
     * What is wrong with a proposed key name, or empty when it is acceptable: 1 to {@value #MAX_NAME} characters, not
     * blank, no control characters.
     */
    public static Optional<String> nameProblem(String name) {
        if (name.isBlank()) {
            return Optional.of("name must not be blank");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            return Optional.of("name must be at most " + MAX_NAME + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("name must not contain control characters");
        }
        return Optional.empty();
    }

    /**
     * The organization's active keys, oldest first.
     *
     * @throws ForbiddenException without {@link Permission#API_ACCESS_MANAGE}
     */
    public List<StoredApiKey> list(Principal principal) {
        principal.require(Permission.API_ACCESS_MANAGE);
        return storage.apiKeys().list(principal.organization());
    }

    /**
     * Creates a key and records {@code api.key.enable}.
     *
     * @param name already validated ({@link #nameProblem})
     * @param scopes not empty
     * @throws ForbiddenException without {@link Permission#API_ACCESS_MANAGE}, or when a key or app asks for a scope
     *     it does not hold itself (a key must not mint a stronger one)
     */
    public Issued create(Principal principal, String name, Set<Scope> scopes) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope");
        }
        principal.require(Permission.API_ACCESS_MANAGE);
        principal.requireMayGrant(scopes);
        OrganizationId org = principal.organization();
        ApiKey secret = ApiKey.generate(random);
        var key = new StoredApiKey(
                "key_" + ids.ulid(), org, name.strip(), secret.displayPrefix(), scopes, clock.instant(), null, null);
        storage.inTransaction(tx -> {
            Organization organization = lock(tx, org);
            tx.apiKeys().create(key, secret.hash());
            recorder.record(
                    tx, principal, "api.key.enable", target(organization), Outcome.SUCCESS, payload(key, null, null));
            return key;
        });
        return new Issued(key, secret);
    }

    /**
     * Replaces key {@code id} by a new one with the same name and scopes, and records {@code api.key.regenerate}: the
     * old key stops working when this returns.
     *
     * @throws NotFoundException when the organization has no such active key
     * @throws ForbiddenException without {@link Permission#API_ACCESS_MANAGE}; the refusal is recorded
     */
    public Issued regenerate(Principal principal, String id) {
        ApiKey secret = ApiKey.generate(random);
        StoredApiKey regenerated = change(principal, id, "api.key.regenerate", (tx, key) -> {
            tx.apiKeys().replace(key.organization(), key.id(), secret.hash(), secret.displayPrefix());
            return new StoredApiKey(
                    key.id(),
                    key.organization(),
                    key.name(),
                    secret.displayPrefix(),
                    key.scopes(),
                    key.createdAt(),
                    key.lastUsedAt(),
                    key.lastUsedIp());
        });
        return new Issued(regenerated, secret);
    }

    /**
     * Revokes key {@code id} and records {@code api.key.revoke}: the key stops working when this returns.
     *
     * @return the key as it was
     * @throws NotFoundException when the organization has no such active key
     * @throws ForbiddenException without {@link Permission#API_ACCESS_MANAGE}; the refusal is recorded
     */
    public StoredApiKey revoke(Principal principal, String id) {
        return change(principal, id, "api.key.revoke", (tx, key) -> {
            tx.apiKeys().revoke(key.organization(), key.id(), clock.instant());
            return key;
        });
    }

    private interface KeyChange {
        /** Changes {@code key} inside {@code tx}; returns the key as the event should name it. */
        StoredApiKey apply(Transaction tx, StoredApiKey key);
    }

    private StoredApiKey change(Principal principal, String id, String action, KeyChange work) {
        OrganizationId org = principal.organization();
        Object result = storage.inTransaction(tx -> {
            Organization organization = lock(tx, org);
            StoredApiKey key = tx.apiKeys().find(org, id).orElseThrow(() -> new NotFoundException("API key", id));
            if (!principal.may(Permission.API_ACCESS_MANAGE)) {
                ForbiddenException refused = ForbiddenException.missing(principal, Permission.API_ACCESS_MANAGE);
                recorder.record(
                        tx, principal, action, target(organization), Outcome.FAILURE, payload(key, null, refused));
                return refused;
            }
            StoredApiKey changed = work.apply(tx, key);
            recorder.record(
                    tx,
                    principal,
                    action,
                    target(organization),
                    Outcome.SUCCESS,
                    payload(changed, action.equals("api.key.regenerate") ? key.prefix() : null, null));
            return changed;
        });
        if (result instanceof ForbiddenException refused) {
            throw refused;
        }
        retired.accept(id);
        return (StoredApiKey) result;
    }

    /** The organization, locked for the transaction (changes of one organization take turns). */
    static Organization lock(Transaction tx, OrganizationId org) {
        return tx.organizations()
                .findForUpdate(org)
                .orElseThrow(() -> new NotFoundException("organization", org.value()));
    }

    private static Target target(Organization organization) {
        return new Target("organization", organization.id().value(), organization.name());
    }

    private static Map<String, Object> payload(
            StoredApiKey key, @Nullable String previousPrefix, @Nullable ForbiddenException refused) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("key_prefix", key.prefix());
        if (previousPrefix != null) {
            payload.put("previous_key_prefix", previousPrefix);
        }
        payload.put("key_id", key.id());
        payload.put("name", key.name());
        payload.put("scopes", key.scopes().stream().map(Scope::wire).sorted().toList());
        if (refused != null) {
            payload.put("reason", refused.code());
        }
        return payload;
    }
}
