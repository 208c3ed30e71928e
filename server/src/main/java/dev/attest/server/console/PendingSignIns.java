package dev.attest.server.console;

import dev.attest.core.account.SecretBox;
import dev.attest.core.account.SecretBoxException;
import dev.attest.core.member.Member;
import dev.attest.core.org.ApiKey;
import dev.attest.core.store.MemberStore;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A sign-in whose password was right and whose second factor is still to come. Between the two steps the browser holds
 * a cookie sealed with the installation's secret key (any server process sharing that key can read it): the member,
 * when the step expires (5 minutes), and a digest of their password hash, so that a password changed meanwhile
 * voids it. It grants nothing but the chance to type a code, and codes are throttled like passwords.
 */
final class PendingSignIns {
    static final String COOKIE = "attest_mfa";
    static final Duration TTL = Duration.ofMinutes(5);
    private static final String PURPOSE = "pending-sign-in";

    private final SecretBox secrets;
    private final MemberStore members;
    private final Clock clock;

    PendingSignIns(SecretBox secrets, MemberStore members, Clock clock) {
        this.secrets = secrets;
        this.members = members;
        this.clock = clock;
    }

    /** Sets the cookie that lets {@code member} give their second factor for the next 5 minutes. */
    void start(Member member, ServerRequest request, ServerResponse response) {
        Instant expires = clock.instant().plus(TTL);
        String value = member.id() + "\n" + expires.getEpochSecond() + "\n" + digest(member.passwordHash());
        String sealed = secrets.seal(value.getBytes(StandardCharsets.UTF_8), PURPOSE);
        response.headers()
                .addCookie(ConsoleSessions.cookie(COOKIE, sealed, request)
                        .maxAge(TTL)
                        .build());
    }

    /** The member whose second factor is awaited, if the cookie is present, genuine, unexpired and still theirs. */
    Optional<Member> current(ServerRequest request) {
        Optional<String> cookie = request.headers().cookies().first(COOKIE).asOptional();
        if (cookie.isEmpty()) {
            return Optional.empty();
        }
        String[] parts;
        try {
            parts = new String(secrets.open(cookie.get(), PURPOSE), StandardCharsets.UTF_8).split("\n", -1);
        } catch (SecretBoxException forgedOrStale) {
            return Optional.empty();
        }
        if (parts.length != 3) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expires))) {
            return Optional.empty();
        }
        return members.find(parts[0])
                .filter(m -> !m.disabled())
                .filter(m -> MessageDigest.isEqual(
                        digest(m.passwordHash()).getBytes(StandardCharsets.US_ASCII),
                        parts[2].getBytes(StandardCharsets.US_ASCII)));
    }

    /** Clears the cookie. */
    void end(ServerRequest request, ServerResponse response) {
        response.headers().addCookie(ConsoleSessions.cleared(COOKIE, request));
    }

    private static String digest(String passwordHash) {
        return ConsoleSessions.hex(ApiKey.hash(passwordHash));
    }
}
