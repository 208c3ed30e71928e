package dev.attest.core.portal;

import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.InvalidChangeException;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.Recorder;
import dev.attest.core.admin.SecretTokens;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import dev.attest.core.member.Permission;
import dev.attest.core.org.Organization;
import dev.attest.core.portal.ViewerGrant.Kind;
import dev.attest.core.store.Storage;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Issues and redeems viewers' credentials (docs/adr/0015): a portal link (single use, valid {@link #LINK_LIFETIME}),
 * which opened starts a portal session ({@link #SESSION_LIFETIME} at most) and records {@code log.view} in the same
 * transaction; and viewer tokens for the embedded viewer. Secrets are returned once; only their SHA-256 is stored.
 * Thread-safe.
 */
public final class Portal {
    /** How long a portal link may wait to be opened. */
    public static final Duration LINK_LIFETIME = Duration.ofMinutes(5);
    /** The longest a portal session lasts. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(8);
    /** A viewer token's lifetime when none is asked for. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    /** The longest lifetime a viewer token may be given. */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(1);
    /** The most origins an organization may register. */
    public static final int MAX_ORIGINS = 20;
    /** What a viewer token starts with, so that it is recognized (and found by secret scanners) at a glance. */
    public static final String TOKEN_PREFIX = "avt_";

    private final Storage storage;
    private final Recorder recorder;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Portal(Storage storage, Recorder recorder, Clock clock) {
        this.storage = storage;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** A grant as stored and the only copy of its secret. */
    public record Issued(ViewerGrant grant, String secret) {}

    /** Why a portal link was not opened. */
    public enum Refusal {
        /** No link has this secret (mistyped, or never issued). */
        UNKNOWN,
        /** The link was opened before: links are single use. */
        USED,
        /** The link was not opened within {@link #LINK_LIFETIME}. */
        EXPIRED,
        /** The link's organization was deleted. */
        CLOSED
    }

    /** A portal link that could not be opened; {@link #refusal} says why. */
    public static final class LinkRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Refusal refusal;

        public LinkRefusedException(Refusal refusal) {
            super("portal link refused: " + refusal.name().toLowerCase(Locale.ROOT));
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /**
     * Issues a portal link of {@code principal}'s organization for {@code viewer} (or an anonymous viewer named after
     * the link), restricted to {@code restrictions}.
     *
     * @throws ForbiddenException unless the principal holds {@link Permission#PORTAL_ISSUE}
     */
    public Issued issueLink(Principal principal, @Nullable ViewerIdentity viewer, ViewerRestrictions restrictions) {
        principal.require(Permission.PORTAL_ISSUE);
        String secret = SecretTokens.generate(random);
        String id = newId("plk_");
        Instant now = now();
        var grant = new ViewerGrant(
                id,
                principal.organization(),
                Kind.LINK,
                viewer != null ? viewer : anonymous(id),
                restrictions,
                null,
                now,
                now.plus(LINK_LIFETIME),
                null,
                null);
        storage.viewers().create(grant, SecretTokens.hash(secret));
        return new Issued(grant, secret);
    }

    /**
     * Issues a viewer token of {@code principal}'s organization, valid {@code lifetime} (at most
     * {@link #MAX_TOKEN_LIFETIME}).
     *
     * @throws ForbiddenException unless the principal holds {@link Permission#PORTAL_ISSUE}
     */
    public Issued issueToken(
            Principal principal, @Nullable ViewerIdentity viewer, ViewerRestrictions restrictions, Duration lifetime) {
        principal.require(Permission.PORTAL_ISSUE);
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
            throw new InvalidChangeException(
                    "/expires_in", "expires_in must be from 1 to " + MAX_TOKEN_LIFETIME.toSeconds() + " seconds");
        }
        String secret = TOKEN_PREFIX + SecretTokens.generate(random);
        String id = newId("vtk_");
        Instant now = now();
        var grant = new ViewerGrant(
                id,
                principal.organization(),
                Kind.TOKEN,
                viewer != null ? viewer : anonymous(id),
                restrictions,
                null,
                now,
                now.plus(lifetime),
                null,
                null);
        storage.viewers().create(grant, SecretTokens.hash(secret));
        return new Issued(grant, secret);
    }

    /**
     * Opens the portal link {@code secret}: marks it used, starts a portal session with its viewer and restrictions,
     * and records {@code log.view} by the viewer, all in one transaction. A link opened before or too late is refused,
     * and that refusal is recorded too ({@code log.view}, outcome {@code failure}).
     *
     * @throws LinkRefusedException saying why the link cannot be opened
     */
    public Issued open(String secret, RequestContext context) {
        if (!SecretTokens.looksLikeToken(secret)) {
            throw new LinkRefusedException(Refusal.UNKNOWN);
        }
        String hash = SecretTokens.hash(secret);
        Instant now = now();
        Object result = storage.inTransaction(tx -> {
            Optional<ViewerGrant> found = tx.viewers().findByHash(hash).filter(g -> g.kind() == Kind.LINK);
            if (found.isEmpty()) {
                return Refusal.UNKNOWN;
            }
            ViewerGrant link = found.get();
            Optional<Organization> organization = tx.organizations().find(link.organization());
            if (organization.isEmpty() || organization.get().deleted()) {
                return Refusal.CLOSED;
            }
            Principal viewer = principal(link, context);
            Target target = new Target(
                    "organization",
                    link.organization().value(),
                    organization.get().name());
            Refusal refusal =
                    link.usedAt() != null ? Refusal.USED : !now.isBefore(link.expiresAt()) ? Refusal.EXPIRED : null;
            if (refusal == null && !tx.viewers().redeem(hash, now)) {
                refusal = Refusal.USED;
            }
            if (refusal != null) {
                var payload = new LinkedHashMap<String, Object>();
                payload.put("portal_link", link.id());
                payload.put("reason", refusal == Refusal.USED ? "link_used" : "link_expired");
                recorder.record(tx, viewer, "log.view", target, Outcome.FAILURE, payload);
                return refusal;
            }
            String sessionSecret = SecretTokens.generate(random);
            var session = new ViewerGrant(
                    newId("pss_"),
                    link.organization(),
                    Kind.SESSION,
                    link.viewer(),
                    link.restrictions(),
                    SecretTokens.generate(random),
                    now,
                    now.plus(SESSION_LIFETIME),
                    null,
                    link.id());
            tx.viewers().create(session, SecretTokens.hash(sessionSecret));
            recorder.record(
                    tx,
                    viewer,
                    "log.view",
                    target,
                    Outcome.SUCCESS,
                    Map.of("portal_link", link.id(), "portal_session", session.id()));
            return new Issued(session, sessionSecret);
        });
        if (result instanceof Refusal refusal) {
            throw new LinkRefusedException(refusal);
        }
        return (Issued) result;
    }

    /** The live portal session of {@code secret} (a cookie's value), if any. */
    public Optional<ViewerGrant> session(String secret) {
        return live(secret, Kind.SESSION);
    }

    /** The live viewer token {@code secret} (without {@code Bearer }), if any. */
    public Optional<ViewerGrant> token(String secret) {
        if (!secret.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return live(secret, Kind.TOKEN);
    }

    /** Ends the portal session of {@code secret}. */
    public void end(String secret) {
        if (SecretTokens.looksLikeToken(secret)) {
            storage.viewers().delete(SecretTokens.hash(secret));
        }
    }

    private Optional<ViewerGrant> live(String secret, Kind kind) {
        String bare = kind == Kind.TOKEN ? secret.substring(TOKEN_PREFIX.length()) : secret;
        if (!SecretTokens.looksLikeToken(bare)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return storage.viewers()
                .findByHash(SecretTokens.hash(secret))
                .filter(grant -> grant.kind() == kind && grant.liveAt(now));
    }

    /** The viewer of {@code grant} as the actor of an event in its organization. */
    public static Principal principal(ViewerGrant grant, RequestContext context) {
        Set<Permission> permissions = grant.restrictions().exportAllowed()
                ? Set.of(Permission.LOG_READ, Permission.LOG_EXPORT)
                : Set.of(Permission.LOG_READ);
        ViewerIdentity viewer = grant.viewer();
        return new Principal(
                ActorType.VIEWER,
                viewer.id(),
                viewer.name(),
                viewer.email(),
                null,
                grant.organization(),
                context,
                permissions);
    }

    /** The origins the embedded viewer of {@code organization} may be used from. */
    public List<String> origins(OrganizationId organization) {
        return storage.viewers().origins(organization);
    }

    /**
     * Replaces the origins the embedded viewer may be used from, and records {@code org.viewerOriginsChange} with what
     * was added and removed, in one transaction. Each origin is normalized ({@code scheme://host[:port]}, lower case).
     *
     * @throws InvalidChangeException naming the first origin that is not one
     * @throws ForbiddenException unless the principal holds {@link Permission#PORTAL_ISSUE}
     */
    public List<String> replaceOrigins(Principal principal, List<String> asked) {
        principal.require(Permission.PORTAL_ISSUE);
        if (asked.size() > MAX_ORIGINS) {
            throw new InvalidChangeException("/origins", "origins may list at most " + MAX_ORIGINS + " origins");
        }
        var origins = new TreeSet<String>();
        for (int i = 0; i < asked.size(); i++) {
            String origin = normalizeOrigin(asked.get(i)).orElseThrow(invalidOrigin(i, asked.get(i)));
            origins.add(origin);
        }
        OrganizationId organization = principal.organization();
        return storage.inTransaction(tx -> {
            List<String> before = tx.viewers().origins(organization);
            var added = new ArrayList<>(origins);
            added.removeAll(before);
            var removed = new ArrayList<>(before);
            removed.removeAll(origins);
            if (added.isEmpty() && removed.isEmpty()) {
                return before;
            }
            tx.viewers().replaceOrigins(organization, List.copyOf(origins), now());
            String name = tx.organizations()
                    .find(organization)
                    .map(Organization::name)
                    .orElse(organization.value());
            recorder.record(
                    tx,
                    principal,
                    "org.viewerOriginsChange",
                    new Target("organization", organization.value(), name),
                    Outcome.SUCCESS,
                    Map.of("changes", Map.of("viewer_origins", Map.of("added", added, "removed", removed))));
            return List.copyOf(origins);
        });
    }

    private static java.util.function.Supplier<InvalidChangeException> invalidOrigin(int index, String text) {
        return () -> new InvalidChangeException(
                "/origins/" + index,
                "origins/" + index + " must be an origin such as https://app.example.com (scheme, host and port only),"
                        + " not " + (text.length() > 80 ? text.substring(0, 80) + "…" : text));
    }

    /**
     * {@code text} as an origin (RFC 6454 §6.1): {@code http} or {@code https}, a host, an optional port, nothing else;
     * lower case, without a default port. Empty for anything else.
     */
    public static Optional<String> normalizeOrigin(String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || host == null
                    || uri.getRawUserInfo() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort =
                    port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ViewerIdentity anonymous(String grantId) {
        return new ViewerIdentity(grantId, null, "Portal viewer");
    }

    private String newId(String prefix) {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
