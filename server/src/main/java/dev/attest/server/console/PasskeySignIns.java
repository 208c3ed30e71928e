package dev.attest.server.console;

import dev.attest.core.account.MultiFactor;
import dev.attest.core.account.Passkeys;
import dev.attest.core.account.Passkeys.Purpose;
import dev.attest.core.member.Member;
import dev.attest.core.member.Passkey;
import dev.attest.core.org.ApiKey;
import dev.attest.core.store.MemberStore;
import dev.attest.server.ClientAddresses;
import dev.attest.server.Json;
import dev.attest.server.console.ConsoleViews.SecondFactor;
import dev.attest.server.console.ConsoleViews.SignIn;
import dev.attest.server.console.PasskeyCeremonies.CeremonyException;
import dev.attest.server.console.PasskeyCeremonies.RelyingParty;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Signing in with a passkey (docs/adr/0012): as the second step after a right password ({@code /sign-in/mfa/passkey},
 * recorded as {@code auth.login.success} with {@code payload.mfa: webauthn}, or {@code auth.login.failure} with reason
 * {@code mfa_invalid}), and alone, without a password ({@code /sign-in/passkey}, {@code payload.method: webauthn}).
 * Each answer is checked by {@link PasskeyCeremonies} against a challenge made for this pending sign-in or this sign-in
 * form, and counts against the sign-in throttle like a password.
 */
final class PasskeySignIns {
    /** What the console does once a sign-in succeeded: record {@code auth.login.success} and start the session. */
    interface Completion {
        void complete(
                Member member,
                ServerRequest request,
                ServerResponse response,
                String next,
                String method,
                @Nullable String mfa);
    }

    /** What the console does once a sign-in failed: record {@code auth.login.failure}. */
    interface Failure {
        void record(ServerRequest request, String email, @Nullable Member known, String reason, String method);
    }

    private final Passkeys passkeys;
    private final PasskeyCeremonies ceremonies;
    private final MultiFactor multiFactor;
    private final MemberStore members;
    private final @Nullable String publicUrl;
    private final PendingSignIns pending;
    private final ConsoleSessions sessions;
    private final SignInThrottle throttle;
    private final Templates templates;
    private final Completion completion;
    private final Failure failures;

    PasskeySignIns(
            Passkeys passkeys,
            PasskeyCeremonies ceremonies,
            MultiFactor multiFactor,
            MemberStore members,
            @Nullable String publicUrl,
            PendingSignIns pending,
            ConsoleSessions sessions,
            SignInThrottle throttle,
            Templates templates,
            Completion completion,
            Failure failures) {
        this.passkeys = passkeys;
        this.ceremonies = ceremonies;
        this.multiFactor = multiFactor;
        this.members = members;
        this.publicUrl = publicUrl;
        this.pending = pending;
        this.sessions = sessions;
        this.throttle = throttle;
        this.templates = templates;
        this.completion = completion;
        this.failures = failures;
    }

    /** The console's relying party for this request: the public URL's, else the request's own origin. */
    static RelyingParty relyingParty(@Nullable String publicUrl, ServerRequest request) {
        var uri = request.requestedUri();
        return RelyingParty.of(publicUrl, uri.scheme() + "://" + uri.authority());
    }

    /** The second-factor page of {@code member}: which factors they can give. */
    SecondFactor view(Member member, String csrf, @Nullable String error, String next) {
        return new SecondFactor(
                csrf,
                error,
                next,
                multiFactor.totpEnabled(member.id()),
                !passkeys.list(member.id()).isEmpty());
    }

    /** Options to answer with one of the pending member's passkeys. */
    void secondFactorOptions(ServerRequest request, ServerResponse response) {
        Map<String, String> form = Forms.read(request);
        Optional<Member> member = pending.current(request);
        if (member.isEmpty() || !ConsoleSessions.signInTokenValid(request, form.getOrDefault("csrf", ""))) {
            json(response, 403, Map.of("error", "Your sign-in expired. Start over."));
            return;
        }
        List<Passkey> own = passkeys.list(member.get().id());
        if (own.isEmpty()) {
            json(response, 409, Map.of("error", "You have no passkey. Type a code instead."));
            return;
        }
        byte[] challenge = passkeys.challenge(Purpose.SECOND_FACTOR, pendingBinding(request));
        json(response, 200, ceremonies.requestOptions(relyingParty(publicUrl, request), challenge, own, false));
    }

    /** The second step of a sign-in, given with a passkey of the member. */
    void secondFactor(ServerRequest request, ServerResponse response) {
        Map<String, String> form = Forms.read(request);
        String next = ConsoleRoutes.safeNext(ConsoleRoutes.headerSafe("next", form.getOrDefault("next", "")));
        Optional<Member> found = pending.current(request);
        if (found.isEmpty()) {
            ConsoleRoutes.redirect(response, "/sign-in");
            return;
        }
        Member member = found.get();
        if (!ConsoleSessions.signInTokenValid(request, form.getOrDefault("csrf", ""))) {
            secondFactorPage(request, response, member, 403, "Your form expired. Please try again.", next);
            return;
        }
        String address = ClientAddresses.of(request).orElse("unknown");
        if (!throttle.tryAttempt(member.email(), address)) {
            failures.record(request, member.email(), member, "rate_limited", "password");
            secondFactorPage(
                    request, response, member, 429, "Too many failed attempts. Wait 15 minutes and try again.", next);
            return;
        }
        String binding = pendingBinding(request);
        try {
            Passkey passkey = passkeys.find(PasskeyCeremonies.credentialIdOf(form.getOrDefault("credential_id", "")))
                    .filter(p -> p.memberId().equals(member.id()))
                    .orElseThrow(() -> new CeremonyException("that passkey is not one of yours"));
            verify(request, form, passkey, false, Purpose.SECOND_FACTOR, binding);
        } catch (CeremonyException e) {
            failures.record(request, member.email(), member, "mfa_invalid", "password");
            secondFactorPage(request, response, member, 401, "Passkey refused: " + e.getMessage() + ".", next);
            return;
        }
        throttle.succeeded(member.email(), address);
        pending.end(request, response);
        completion.complete(member, request, response, next, "password", Passkeys.WEBAUTHN);
    }

    /** Options to sign in with any passkey of this site (a discoverable credential), for this sign-in form. */
    void signInOptions(ServerRequest request, ServerResponse response) {
        String csrf = Forms.read(request).getOrDefault("csrf", "");
        if (!ConsoleSessions.signInTokenValid(request, csrf)) {
            json(response, 403, Map.of("error", "Your sign-in form expired. Reload the page."));
            return;
        }
        byte[] challenge = passkeys.challenge(Purpose.SIGN_IN, formBinding(csrf));
        json(response, 200, ceremonies.requestOptions(relyingParty(publicUrl, request), challenge, List.of(), true));
    }

    /** A sign-in with a passkey alone: the passkey verified the person (PIN or biometrics), so no second step. */
    void signIn(ServerRequest request, ServerResponse response) {
        Map<String, String> form = Forms.read(request);
        String next = ConsoleRoutes.safeNext(ConsoleRoutes.headerSafe("next", form.getOrDefault("next", "")));
        String csrf = form.getOrDefault("csrf", "");
        if (!ConsoleSessions.signInTokenValid(request, csrf)) {
            signInPage(request, response, 403, "Your sign-in form expired. Please sign in again.", next);
            return;
        }
        String address = ClientAddresses.of(request).orElse("unknown");
        Optional<Passkey> passkey;
        try {
            passkey = passkeys.find(PasskeyCeremonies.credentialIdOf(form.getOrDefault("credential_id", "")));
        } catch (CeremonyException e) {
            passkey = Optional.empty();
        }
        Optional<Member> member = passkey.flatMap(p -> members.find(p.memberId()));
        String email = member.map(Member::email).orElse("(passkey)");
        String failure = null;
        if (!throttle.tryAttempt(member.map(Member::email).orElse(""), address)) {
            failure = "rate_limited";
        } else if (passkey.isEmpty() || member.isEmpty()) {
            failure = "unknown_passkey";
        } else {
            try {
                String handle = PasskeyCeremonies.userOf(form.getOrDefault("user_handle", ""));
                if (!handle.equals(member.get().id())) {
                    throw new CeremonyException("the passkey names another member");
                }
                verify(request, form, passkey.get(), true, Purpose.SIGN_IN, formBinding(csrf));
                if (member.get().disabled()) {
                    failure = "user_disabled";
                }
            } catch (CeremonyException e) {
                failure = "invalid_passkey";
            }
        }
        if (failure != null) {
            failures.record(request, email, member.orElse(null), failure, Passkeys.WEBAUTHN);
            signInPage(
                    request,
                    response,
                    failure.equals("rate_limited") ? 429 : 401,
                    failure.equals("rate_limited")
                            ? "Too many failed sign-ins. Wait 15 minutes and try again."
                            : "That passkey did not sign you in. Use your email and password.",
                    next);
            return;
        }
        throttle.succeeded(email, address);
        completion.complete(member.orElseThrow(), request, response, next, Passkeys.WEBAUTHN, null);
    }

    private void verify(
            ServerRequest request,
            Map<String, String> form,
            Passkey passkey,
            boolean verifyUser,
            Purpose purpose,
            String binding)
            throws CeremonyException {
        long counter = ceremonies.authenticate(
                relyingParty(publicUrl, request),
                passkey,
                form.getOrDefault("client_data", ""),
                form.getOrDefault("authenticator_data", ""),
                form.getOrDefault("signature", ""),
                form.getOrDefault("user_handle", ""),
                verifyUser,
                challenge -> passkeys.spend(challenge, purpose, binding));
        if (!passkeys.use(passkey, counter)) {
            throw new CeremonyException("the passkey's signature counter did not move forward (a cloned key?)");
        }
    }

    /** Binds a challenge to this pending sign-in: the sealed cookie is new at each password step. */
    private static String pendingBinding(ServerRequest request) {
        String cookie = request.headers()
                .cookies()
                .first(PendingSignIns.COOKIE)
                .asOptional()
                .orElse("");
        return "pending:" + ConsoleSessions.hex(ApiKey.hash(cookie));
    }

    /** Binds a challenge to this browser's sign-in form (its token, which only this browser's cookie matches). */
    private static String formBinding(String csrf) {
        return "form:" + ConsoleSessions.hex(ApiKey.hash(csrf));
    }

    private void secondFactorPage(
            ServerRequest request, ServerResponse response, Member member, int status, String error, String next) {
        templates.send(
                response,
                status,
                "signin-mfa.jte",
                "page",
                view(member, sessions.signInToken(request, response), error, next));
    }

    private void signInPage(ServerRequest request, ServerResponse response, int status, String error, String next) {
        templates.send(
                response,
                status,
                "signin.jte",
                "page",
                new SignIn(sessions.signInToken(request, response), error, "", next));
    }

    static void json(ServerResponse response, int status, Object body) {
        response.status(Status.create(status));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(Json.write(body));
    }
}
