package dev.attest.core.admin;

import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.member.Permission;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Scope;
import dev.attest.core.store.AccessToken;
import dev.attest.core.store.Storage;
import dev.attest.core.store.StoredApp;
import dev.attest.core.store.Transaction;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An organization's developer apps (OAuth 2.0 confidential clients using the client credentials grant, RFC 6749 §4.4):
 * created ({@code developer.app.create}), their secret reset ({@code developer.app.resetSecret}: the old secret and
 * every token issued with it stop at once) and deleted ({@code developer.app.delete}), each stored with its event in
 * one transaction. Secrets and access tokens are returned once and kept as SHA-256 hashes. A refused reset or deletion
 * is recorded with outcome {@code failure}. Thread-safe.
 */
public final class AppAdministration {
    /** How long an access token works. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final Storage storage;
    private final Recorder recorder;
    private final Clock clock;
    private final IdGenerator ids;
    private final SecureRandom random = new SecureRandom();

    public AppAdministration(Storage storage, Recorder recorder, Clock clock) {
        this.storage = storage;
        this.recorder = recorder;
        this.clock = clock;
        this.ids = new IdGenerator(clock);
    }

    /** An app and the only copy of its client secret. */
    public record Created(StoredApp app, String clientSecret) {}

    /** An access token, shown once, and what it allows. */
    public record IssuedToken(String token, AccessToken access) {}

    /**
     * The organization's apps, oldest first.
     *
     * @throws ForbiddenException without {@link Permission#API_ACCESS_MANAGE}
     */
    public List<StoredApp> list(Principal principal) {
        principal.require(Permission.API_ACCESS_MANAGE);
        return storage.apps().list(principal.organization());
    }

    /**
     * Creates an app and records {@code developer.app.create}.
     *
     * @param name already validated ({@link ApiKeyAdministration#nameProblem})
     * @param scopes not empty
     * @throws ForbiddenException without {@link Permission#API_ACCESS_MANAGE}, or when a key or app asks for a scope
     *     it does not hold itself
     */
    public Created create(Principal principal, String name, Set<Scope> scopes) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("an app needs at least one scope");
        }
        principal.require(Permission.API_ACCESS_MANAGE);
        principal.requireMayGrant(scopes);
        String ulid = ids.ulid();
        var app = new StoredApp(
                "app_" + ulid,
                principal.organization(),
                name.strip(),
                "cli_" + ulid.toLowerCase(Locale.ROOT),
                scopes,
                clock.instant());
        String secret = ApiKey.randomText("acs_", random);
        storage.inTransaction(tx -> {
            ApiKeyAdministration.lock(tx, principal.organization());
            tx.apps().create(app, ApiKey.hash(secret));
            return recorder.record(
                    tx, principal, "developer.app.create", target(app), Outcome.SUCCESS, payload(app, null));
        });
        return new Created(app, secret);
    }

    /**
     * Gives the app a new secret and records {@code developer.app.resetSecret}: the old secret and every token issued
     * with it stop when this returns.
     *
     * @throws NotFoundException when the organization has no such app
     * @throws ForbiddenException without {@link Permission#API_ACCESS_MANAGE}; the refusal is recorded
     */
    public Created resetSecret(Principal principal, String id) {
        String secret = ApiKey.randomText("acs_", random);
        StoredApp app = change(principal, id, "developer.app.resetSecret", (tx, found) -> {
            tx.apps().replaceSecret(found.organization(), found.id(), ApiKey.hash(secret));
        });
        return new Created(app, secret);
    }

    /**
     * Deletes the app and records {@code developer.app.delete}: its tokens stop when this returns.
     *
     * @return the app as it was
     * @throws NotFoundException when the organization has no such app
     * @throws ForbiddenException without {@link Permission#API_ACCESS_MANAGE}; the refusal is recorded
     */
    public StoredApp delete(Principal principal, String id) {
        return change(principal, id, "developer.app.delete", (tx, found) -> {
            tx.apps().delete(found.organization(), found.id(), clock.instant());
        });
    }

    /**
     * The app these client credentials belong to (RFC 6749 §2.3.1), if they are valid.
     *
     * @param clientSecret as presented; compared by its SHA-256
     */
    public Optional<StoredApp> authenticate(String clientId, String clientSecret) {
        return storage.apps().findByCredentials(clientId, ApiKey.hash(clientSecret));
    }

    /**
     * Issues an access token for {@code app} with {@code scopes} (a subset of the app's), valid for
     * {@link #TOKEN_LIFETIME}.
     */
    public IssuedToken issue(StoredApp app, Set<Scope> scopes) {
        if (scopes.isEmpty() || !app.scopes().containsAll(scopes)) {
            throw new IllegalArgumentException("a token's scopes must be a non-empty subset of the app's");
        }
        Instant now = clock.instant();
        String token = ApiKey.randomText("ato_", random);
        var access = new AccessToken(app, scopes, now.plus(TOKEN_LIFETIME));
        storage.apps().createToken(ApiKey.hash(token), access, now);
        return new IssuedToken(token, access);
    }

    /** The live access token whose text {@code presented} is. */
    public Optional<AccessToken> findToken(String presented) {
        return storage.apps().findToken(ApiKey.hash(presented), clock.instant());
    }

    private interface AppChange {
        void apply(Transaction tx, StoredApp app);
    }

    private StoredApp change(Principal principal, String id, String action, AppChange work) {
        OrganizationId org = principal.organization();
        Object result = storage.inTransaction(tx -> {
            ApiKeyAdministration.lock(tx, org);
            StoredApp app = tx.apps().find(org, id).orElseThrow(() -> new NotFoundException("app", id));
            if (!principal.may(Permission.API_ACCESS_MANAGE)) {
                ForbiddenException refused = ForbiddenException.missing(principal, Permission.API_ACCESS_MANAGE);
                recorder.record(tx, principal, action, target(app), Outcome.FAILURE, payload(app, refused));
                return refused;
            }
            work.apply(tx, app);
            recorder.record(tx, principal, action, target(app), Outcome.SUCCESS, payload(app, null));
            return app;
        });
        if (result instanceof ForbiddenException refused) {
            throw refused;
        }
        return (StoredApp) result;
    }

    private static Target target(StoredApp app) {
        return new Target("app", app.id(), app.name());
    }

    private static Map<String, Object> payload(StoredApp app, @Nullable ForbiddenException refused) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("name", app.name());
        payload.put("client_id", app.clientId());
        payload.put("scopes", app.scopes().stream().map(Scope::wire).sorted().toList());
        if (refused != null) {
            payload.put("reason", refused.code());
        }
        return payload;
    }
}
