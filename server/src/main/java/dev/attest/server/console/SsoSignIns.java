package dev.attest.server.console;

import com.nimbusds.jwt.JWT;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.attest.core.account.SecretBoxException;
import dev.attest.core.admin.ConflictException;
import dev.attest.core.admin.SingleSignOn;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Member;
import dev.attest.core.org.ApiKey;
import dev.attest.core.org.Organization;
import dev.attest.core.store.SsoRequest;
import dev.attest.core.store.SsoSettings;
import dev.attest.core.store.Storage;
import dev.attest.server.console.ConsoleViews.SignIn;
import dev.attest.server.console.DirectoryViews.SsoRedirect;
import dev.attest.server.console.OidcClient.Identity;
import dev.attest.server.console.OidcClient.OidcException;
import dev.attest.server.console.PasskeySignIns.Completion;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * "Sign in with SSO" (docs/adr/0014): the email's domain names the organization, whose OpenID Connect provider the
 * browser is sent to (code flow with PKCE S256, state and nonce); the provider sends it back to {@code /sso/callback},
 * where the code is exchanged, the ID token checked, and the member found — or, with just-in-time membership, added —
 * by the verified email. The pending sign-in is kept server-side by the hash of its state (single use, 10 minutes) and
 * bound to the browser by a cookie holding the state, so that a callback another site makes a browser open does not
 * sign it in. Every refusal is recorded as {@code auth.login.failure} (method {@code sso}) with its reason, and shown.
 */
final class SsoSignIns {
    /**
     * What the console does once an SSO sign-in failed: record {@code auth.login.failure} in the member's log, else in
     * {@code log} (the organization whose provider was asked), else the installation's.
     */
    interface Failure {
        void record(
                ServerRequest request,
                String email,
                @Nullable Member known,
                String reason,
                String method,
                @Nullable OrganizationId log);
    }

    static final Duration VALIDITY = Duration.ofMinutes(10);
    static final String CALLBACK = "/sso/callback";
    private static final String COOKIE = "attest_sso";
    private static final String METHOD = "sso";

    private final Storage storage;
    private final SingleSignOn sso;
    private final OidcClient oidc;
    private final ConsoleSessions sessions;
    private final Templates templates;
    private final @Nullable String publicUrl;
    private final Completion completion;
    private final Failure failures;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SsoSignIns(
            Storage storage,
            SingleSignOn sso,
            ConsoleSessions sessions,
            Templates templates,
            @Nullable String publicUrl,
            Completion completion,
            Failure failures,
            Clock clock) {
        this.storage = storage;
        this.sso = sso;
        this.oidc = new OidcClient(clock);
        this.sessions = sessions;
        this.templates = templates;
        this.publicUrl = publicUrl;
        this.completion = completion;
        this.failures = failures;
        this.clock = clock;
    }

    /** {@code GET /sign-in/sso}: the form asking for the work email. */
    void form(ServerRequest request, ServerResponse response) {
        String next = ConsoleRoutes.safeNext(
                ConsoleRoutes.headerSafe("next", request.query().first("next").orElse("")));
        templates.send(
                response,
                200,
                "signin-sso.jte",
                "page",
                new SignIn(sessions.signInToken(request, response), null, "", next));
    }

    /** {@code POST /sign-in/sso} {email, next}: to the provider of the email's organization. */
    void start(ServerRequest request, ServerResponse response) {
        Map<String, String> form = Forms.read(request);
        String email = form.getOrDefault("email", "").strip();
        String next = ConsoleRoutes.safeNext(ConsoleRoutes.headerSafe("next", form.getOrDefault("next", "")));
        if (!ConsoleSessions.signInTokenValid(request, form.getOrDefault("csrf", ""))) {
            page(request, response, 403, "Your sign-in form expired. Please try again.", email, next);
            return;
        }
        Optional<OrganizationId> org = sso.organizationOf(email).filter(this::live);
        SsoSettings settings = org.map(sso::settingsOf).orElse(SsoSettings.NONE);
        if (org.isEmpty() || !settings.configured()) {
            failures.record(
                    request,
                    email,
                    null,
                    org.isEmpty() ? "sso_unknown_domain" : "sso_not_configured",
                    METHOD,
                    org.orElse(null));
            page(
                    request,
                    response,
                    400,
                    "No organization here signs in with SSO for that email address. Sign in with your password, or"
                            + " ask your administrator.",
                    email,
                    next);
            return;
        }
        String issuer = Objects.requireNonNull(settings.issuer());
        String clientId = Objects.requireNonNull(settings.clientId());
        OIDCProviderMetadata provider;
        try {
            provider = oidc.discover(issuer);
        } catch (OidcException e) {
            failures.record(request, email, null, e.reason(), METHOD, org.get());
            page(
                    request,
                    response,
                    502,
                    "Your organization's identity provider cannot be reached just now. Try again in a minute.",
                    email,
                    next);
            return;
        }
        String state = randomText();
        String nonce = randomText();
        String verifier = randomText() + randomText();
        storage.directory()
                .createSsoRequest(new SsoRequest(
                        stateHash(state),
                        org.get(),
                        nonce,
                        verifier,
                        next,
                        clock.instant().plus(VALIDITY)));
        response.headers()
                .addCookie(ConsoleSessions.cookie(COOKIE, state, request)
                        .path(CALLBACK)
                        .maxAge(VALIDITY)
                        .build());
        URI target =
                OidcClient.authorizationUri(provider, clientId, redirectUri(request), state, nonce, verifier, email);
        // Not a 303: the console's CSP (form-action 'self') keeps a form's navigation, redirects included, on the
        // console; a page that refreshes to the provider is a new navigation.
        templates.send(response, 200, "signin-sso-go.jte", "page", new SsoRedirect(target.toString()));
    }

    /** {@code GET /sso/callback?code&state} (or {@code ?error&state}): the provider's answer. */
    void callback(ServerRequest request, ServerResponse response) {
        String state = request.query().first("state").orElse("");
        String held = request.headers().cookies().first(COOKIE).orElse("");
        // The cookie is spent with the state, whatever happens next.
        response.headers()
                .addCookie(ConsoleSessions.cookie(COOKIE, "", request)
                        .path(CALLBACK)
                        .maxAge(Duration.ZERO)
                        .build());
        if (state.isEmpty()
                || !MessageDigest.isEqual(
                        state.getBytes(StandardCharsets.UTF_8), held.getBytes(StandardCharsets.UTF_8))) {
            refuse(request, response, null, null, "sso_state_invalid", "This sign-in did not start in this browser.");
            return;
        }
        Optional<SsoRequest> pending = storage.directory().spendSsoRequest(stateHash(state), clock.instant());
        if (pending.isEmpty()) {
            refuse(
                    request,
                    response,
                    null,
                    null,
                    "sso_state_invalid",
                    "This sign-in was used already or took longer than 10 minutes.");
            return;
        }
        SsoRequest asked = pending.get();
        Optional<String> error = request.query().first("error").asOptional();
        if (error.isPresent()) {
            refuse(
                    request,
                    response,
                    asked,
                    null,
                    "sso_denied",
                    "Your identity provider did not sign you in (" + clip(error.get()) + ").");
            return;
        }
        String code = request.query().first("code").orElse("");
        SsoSettings settings = live(asked.organization()) ? sso.settingsOf(asked.organization()) : SsoSettings.NONE;
        if (code.isEmpty() || !settings.configured()) {
            refuse(
                    request,
                    response,
                    asked,
                    null,
                    code.isEmpty() ? "sso_denied" : "sso_not_configured",
                    "Your identity provider sent no sign-in back.");
            return;
        }
        String issuer = Objects.requireNonNull(settings.issuer());
        String clientId = Objects.requireNonNull(settings.clientId());
        Identity identity;
        try {
            OIDCProviderMetadata provider = oidc.discover(issuer);
            JWT idToken = oidc.exchange(
                    provider,
                    clientId,
                    sso.clientSecret(asked.organization(), settings),
                    code,
                    redirectUri(request),
                    asked.codeVerifier());
            identity = oidc.validate(provider, idToken, issuer, clientId, asked.nonce());
        } catch (OidcException e) {
            refuse(request, response, asked, null, e.reason(), "Your identity provider's answer was refused.");
            return;
        } catch (SecretBoxException e) {
            refuse(
                    request,
                    response,
                    asked,
                    null,
                    "sso_not_configured",
                    "Single sign-on of your organization needs its client secret set again.");
            return;
        }
        String email = identity.email();
        String domain = email.substring(email.lastIndexOf('@') + 1);
        // The provider vouches for its organization's domains only: a person of another domain is not let in here.
        if (!settings.emailDomains().contains(domain)) {
            refuse(
                    request,
                    response,
                    asked,
                    null,
                    "sso_domain_mismatch",
                    "Your organization's SSO does not sign in addresses of " + domain + ".",
                    email);
            return;
        }
        Optional<Member> found = storage.members().findByEmail(email);
        if (found.isPresent() && !asked.organization().equals(found.get().organization())) {
            refuse(
                    request,
                    response,
                    asked,
                    null,
                    "sso_domain_mismatch",
                    "That address belongs to another organization.",
                    email);
            return;
        }
        Member member;
        if (found.isPresent()) {
            member = found.get();
        } else if (settings.justInTime()) {
            try {
                member = sso.join(asked.organization(), email, identity.name());
            } catch (ConflictException e) {
                refuse(request, response, asked, null, "sso_conflict", "Try signing in again.", email);
                return;
            }
        } else {
            refuse(
                    request,
                    response,
                    asked,
                    null,
                    "unknown_email",
                    "You are not a member of this organization yet: ask an administrator to invite you.",
                    email);
            return;
        }
        if (member.disabled()) {
            refuse(request, response, asked, member, "user_disabled", "Your account is disabled.", email);
            return;
        }
        List<String> amr = identity.amr();
        // The provider says how it authenticated (RFC 8176); Attest asks no second factor of its own after it.
        String mfa = amr != null && amr.contains("mfa") ? "idp" : null;
        completion.complete(member, request, response, asked.next(), METHOD, mfa);
    }

    private void refuse(
            ServerRequest request,
            ServerResponse response,
            @Nullable SsoRequest asked,
            @Nullable Member known,
            String reason,
            String text) {
        refuse(request, response, asked, known, reason, text, "");
    }

    private void refuse(
            ServerRequest request,
            ServerResponse response,
            @Nullable SsoRequest asked,
            @Nullable Member known,
            String reason,
            String text,
            String email) {
        String next = asked == null ? "" : asked.next();
        failures.record(request, email, known, reason, METHOD, asked == null ? null : asked.organization());
        page(request, response, 401, "Single sign-on failed: " + text, email, next);
    }

    private void page(
            ServerRequest request, ServerResponse response, int status, String error, String email, String next) {
        templates.send(
                response,
                status,
                "signin-sso.jte",
                "page",
                new SignIn(sessions.signInToken(request, response), error, email, next));
    }

    private boolean live(OrganizationId organization) {
        return storage.organizations()
                .find(organization)
                .filter(o -> !o.deleted())
                .map(Organization::id)
                .isPresent();
    }

    /** The console's callback: at the public URL, else at the origin this browser reached. */
    private URI redirectUri(ServerRequest request) {
        if (publicUrl != null) {
            return URI.create(publicUrl.replaceAll("/+$", "") + CALLBACK);
        }
        var uri = request.requestedUri();
        return URI.create(uri.scheme() + "://" + uri.authority() + CALLBACK);
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String stateHash(String state) {
        return ConsoleSessions.hex(ApiKey.hash(state));
    }

    private static String clip(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) : text;
        return shown.replaceAll("[^A-Za-z0-9_.-]", "").toLowerCase(Locale.ROOT);
    }
}
