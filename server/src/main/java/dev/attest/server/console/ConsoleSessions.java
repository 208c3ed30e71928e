package dev.attest.server.console;

import dev.attest.core.admin.Principal;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.RequestContext;
import dev.attest.core.member.Impersonation;
import dev.attest.core.member.Member;
import dev.attest.core.member.Session;
import dev.attest.core.org.ApiKey;
import dev.attest.core.store.MemberStore;
import dev.attest.core.store.SessionStore;
import io.helidon.http.SetCookie;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Server-side sessions in an {@code HttpOnly}, {@code SameSite=Lax} cookie ({@code Secure} when the request came over
 * TLS), ended after 30 minutes idle or 12 hours in all. The cookie holds a random token; only its SHA-256 is stored.
 * Every form carries the session's CSRF token; the sign-in form, before any session, a double-submit token.
 */
public final class ConsoleSessions {
    static final String COOKIE = "attest_session";
    static final String PRE_COOKIE = "attest_signin";
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final SessionStore sessions;
    private final MemberStore members;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ConsoleSessions(SessionStore sessions, MemberStore members, Clock clock) {
        this.sessions = sessions;
        this.members = members;
        this.clock = clock;
    }

    /**
     * A signed-in member with the session they came with. While a super-user impersonates, {@code member} is the member
     * acted as and {@code impersonator} the super-user whose session it is.
     */
    public record SignedIn(
            Session session, Member member, @Nullable Member impersonator) {
        public SignedIn(Session session, Member member) {
            this(session, member, null);
        }

        /** Who acts in {@code organization}: the member, naming the impersonator when there is one. */
        public Principal principal(OrganizationId organization, RequestContext context) {
            Principal principal = Principal.of(member, organization, context);
            return impersonator == null ? principal : principal.impersonatedBy(impersonator);
        }

        /** Whether a super-user is acting as the member. */
        public boolean impersonating() {
            return impersonator != null;
        }
    }

    /** The request's live session, if any; expired or orphaned ones are deleted. */
    public Optional<SignedIn> current(ServerRequest request) {
        Optional<String> token = request.headers().cookies().first(COOKIE).asOptional();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String hash = hex(ApiKey.hash(token.get()));
        Optional<Session> found = sessions.find(hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        Instant now = clock.instant();
        Optional<Member> member = members.find(session.memberId());
        if (now.isAfter(session.lastSeenAt().plus(IDLE))
                || now.isAfter(session.createdAt().plus(ABSOLUTE))
                || member.isEmpty()
                || member.get().disabled()) {
            sessions.delete(hash);
            return Optional.empty();
        }
        if (now.isAfter(session.lastSeenAt().plus(TOUCH_EVERY))) {
            sessions.touch(hash, now);
        }
        Impersonation impersonation = session.impersonation();
        if (impersonation != null && member.get().superUser()) {
            Optional<Member> actedAs = members.find(impersonation.memberId());
            if (impersonation.activeAt(now)
                    && actedAs.isPresent()
                    && !actedAs.get().disabled()
                    && !actedAs.get().superUser()) {
                return Optional.of(new SignedIn(session, actedAs.get(), member.get()));
            }
            // An hour has passed, or the member was disabled: the super-user is themselves again.
            sessions.stopImpersonating(hash);
        }
        return Optional.of(new SignedIn(session, member.get()));
    }

    /** Starts a session for {@code member} and sets its cookie. */
    void start(Member member, ServerRequest request, ServerResponse response) {
        String token = randomToken();
        Instant now = clock.instant();
        var client = dev.attest.server.Callers.context(request);
        sessions.create(new Session(
                hex(ApiKey.hash(token)), member.id(), randomToken(), now, now, client.ip(), client.userAgent()));
        response.headers()
                .addCookie(cookie(COOKIE, token, request).maxAge(ABSOLUTE).build());
        response.headers().addCookie(cleared(PRE_COOKIE, request));
    }

    /** Ends the request's session and clears its cookie. */
    void end(SignedIn signedIn, ServerRequest request, ServerResponse response) {
        sessions.delete(signedIn.session().tokenHash());
        response.headers().addCookie(cleared(COOKIE, request));
    }

    /** The sign-in form's double-submit token: the cookie's, or a new one set now. */
    String signInToken(ServerRequest request, ServerResponse response) {
        Optional<String> existing =
                request.headers().cookies().first(PRE_COOKIE).asOptional();
        if (existing.isPresent() && existing.get().length() >= 32) {
            return existing.get();
        }
        String token = randomToken();
        response.headers()
                .addCookie(cookie(PRE_COOKIE, token, request)
                        .maxAge(Duration.ofHours(1))
                        .build());
        return token;
    }

    /** Whether the sign-in form's token matches its cookie. */
    static boolean signInTokenValid(ServerRequest request, String formToken) {
        return request.headers()
                .cookies()
                .first(PRE_COOKIE)
                .asOptional()
                .filter(cookie -> cookie.length() >= 32 && constantTimeEquals(cookie, formToken))
                .isPresent();
    }

    /** Whether a form's CSRF token is the session's. */
    public static boolean csrfValid(SignedIn signedIn, String formToken) {
        return constantTimeEquals(signedIn.session().csrfToken(), formToken);
    }

    /**
     * A cookie that tells the browser to forget {@code name} now. An expiry in the past, not {@code Max-Age=0}: Helidon
     * leaves a zero max-age out, which would turn the cleared cookie into an empty one that lives until the browser
     * closes.
     */
    static SetCookie cleared(String name, ServerRequest request) {
        return cookie(name, "", request).expires(Instant.EPOCH).build();
    }

    static SetCookie.Builder cookie(String name, String value, ServerRequest request) {
        return SetCookie.builder(name, value)
                .path("/")
                .httpOnly(true)
                .sameSite(SetCookie.SameSite.LAX)
                .secure(request.isSecure()
                        || "https"
                                .equals(request.headers()
                                        .first(io.helidon.http.HeaderNames.X_FORWARDED_PROTO)
                                        .orElse("")));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
