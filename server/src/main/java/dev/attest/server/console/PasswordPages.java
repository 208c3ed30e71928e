package dev.attest.server.console;

import dev.attest.core.admin.ForbiddenException;
import dev.attest.core.admin.InvitationAdministration;
import dev.attest.core.admin.PasswordAdministration;
import dev.attest.core.admin.PasswordAdministration.ResetLinkException;
import dev.attest.core.admin.WeakPasswordException;
import dev.attest.core.member.Member;
import dev.attest.core.store.RateLimitStore;
import dev.attest.server.Callers;
import dev.attest.server.ClientAddresses;
import dev.attest.server.console.AccountViews.ForgotPage;
import dev.attest.server.console.AccountViews.OwnPasswordPage;
import dev.attest.server.console.AccountViews.ResetPage;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.ConsoleViews.Message;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Passwords in the console, through {@link PasswordAdministration}: "forgot your password" (a link by email, the same
 * answer whether or not the address has an account, at most 5 requests per address and 20 per client in 15 minutes),
 * the page the link opens, and a signed-in person's own password ({@code /account/password}).
 */
final class PasswordPages {
    private final PasswordAdministration passwords;
    private final ConsoleSessions sessions;
    private final Templates templates;
    private final SignInThrottle requests;
    private final SignInThrottle guesses;

    PasswordPages(
            PasswordAdministration passwords,
            ConsoleSessions sessions,
            Templates templates,
            RateLimitStore limits,
            Clock clock) {
        this.passwords = passwords;
        this.sessions = sessions;
        this.templates = templates;
        this.requests = new SignInThrottle(limits, clock, "password-reset");
        this.guesses = new SignInThrottle(limits, clock, SignInThrottle.ACCOUNT);
    }

    /** {@code GET /password-reset}. */
    void forgotPage(ServerRequest request, ServerResponse response) {
        forgot(request, response, 200, "", false, null);
    }

    /** {@code POST /password-reset}: mails a link if the address has an account; answers the same either way. */
    void forgot(ServerRequest request, ServerResponse response) {
        Map<String, String> form = Forms.read(request);
        String email = form.getOrDefault("email", "").strip();
        if (!ConsoleSessions.signInTokenValid(request, form.getOrDefault("csrf", ""))) {
            forgot(request, response, 403, email, false, "This form expired. Please send it again.");
            return;
        }
        Optional<String> problem = InvitationAdministration.emailProblem(email);
        if (problem.isPresent()) {
            forgot(request, response, 400, email, false, "Email " + problem.get() + ".");
            return;
        }
        // Over the limit nothing is sent nor recorded, and the answer is the same: it must not tell anything either.
        if (requests.tryAttempt(email, ClientAddresses.of(request).orElse("unknown"))) {
            passwords.requestReset(email, Callers.context(request));
        }
        forgot(request, response, 200, email, true, null);
    }

    /** {@code GET /password-reset/{token}}. */
    void resetPage(ServerRequest request, ServerResponse response) {
        String token = request.path().pathParameters().get("token");
        Member member;
        try {
            member = passwords.openReset(token);
        } catch (ResetLinkException unusable) {
            unusable(response, unusable);
            return;
        }
        reset(request, response, 200, token, member, null);
    }

    /** {@code POST /password-reset/{token}}: sets the new password; every session of the account ends. */
    void reset(ServerRequest request, ServerResponse response) {
        String token = request.path().pathParameters().get("token");
        Map<String, String> form = Forms.read(request);
        String password = form.getOrDefault("password", "");
        Member member;
        try {
            member = passwords.openReset(token);
            if (!ConsoleSessions.signInTokenValid(request, form.getOrDefault("csrf", ""))) {
                reset(request, response, 403, token, member, "This form expired. Please fill it in again.");
                return;
            }
            if (!password.equals(form.getOrDefault("password_again", ""))) {
                reset(request, response, 400, token, member, "Password again: the two passwords differ.");
                return;
            }
            passwords.completeReset(token, password, Callers.context(request));
        } catch (ResetLinkException unusable) {
            unusable(response, unusable);
            return;
        } catch (WeakPasswordException weak) {
            reset(request, response, 400, token, passwords.openReset(token), "Password " + weak.rule() + ".");
            return;
        }
        message(
                response,
                null,
                200,
                "Your password is changed",
                "Every session of " + member.email() + " has ended. Sign in with your new password.");
    }

    /** {@code GET /account/password}. */
    void ownPage(ServerRequest request, ServerResponse response, SignedIn viewer) {
        String notice = request.query().first("done").orElse("").equals("password")
                ? "Your password is changed; your other sessions have ended."
                : null;
        templates.send(
                response,
                200,
                "own-password.jte",
                "page",
                new OwnPasswordPage(ConsoleRoutes.viewer(viewer), notice, null));
    }

    /** {@code POST /account/password}: the current password and the new one, twice. */
    void changeOwn(ServerRequest request, ServerResponse response, SignedIn viewer) {
        Map<String, String> form = Forms.read(request);
        String error = null;
        int status = 400;
        String next = form.getOrDefault("password", "");
        if (!ConsoleSessions.csrfValid(viewer, form.getOrDefault("csrf", ""))) {
            error = "The form was not sent from this console; reload the page.";
            status = 403;
        } else if (viewer.impersonating()) {
            error = AccountPages.IMPERSONATING;
            status = 403;
        } else if (!next.equals(form.getOrDefault("password_again", ""))) {
            error = "New password again: the two new passwords differ.";
        } else if (!guesses.tryAttempt(
                viewer.member().email(), ClientAddresses.of(request).orElse("unknown"))) {
            error = AccountPages.TOO_MANY;
            status = 429;
        } else {
            try {
                passwords.changeOwn(
                        viewer.member(),
                        form.getOrDefault("current_password", ""),
                        next,
                        viewer.session().tokenHash(),
                        Callers.context(request));
                guesses.succeeded(
                        viewer.member().email(), ClientAddresses.of(request).orElse("unknown"));
            } catch (WeakPasswordException weak) {
                error = "New password " + weak.rule() + ".";
            } catch (ForbiddenException wrong) {
                error = "Current password: it is not right.";
                status = 403;
            }
        }
        if (error != null) {
            templates.send(
                    response,
                    status,
                    "own-password.jte",
                    "page",
                    new OwnPasswordPage(ConsoleRoutes.viewer(viewer), null, error));
            return;
        }
        ConsoleRoutes.redirect(request, response, "/account/password?done=password");
    }

    private void forgot(
            ServerRequest request,
            ServerResponse response,
            int status,
            String email,
            boolean sent,
            @Nullable String error) {
        templates.send(
                response,
                status,
                "forgot.jte",
                "page",
                new ForgotPage(sessions.signInToken(request, response), email, sent, error));
    }

    private void reset(
            ServerRequest request,
            ServerResponse response,
            int status,
            String token,
            Member member,
            @Nullable String error) {
        templates.send(
                response,
                status,
                "reset.jte",
                "page",
                new ResetPage(token, sessions.signInToken(request, response), member.email(), error));
    }

    private void unusable(ServerResponse response, ResetLinkException unusable) {
        if (unusable.expired()) {
            message(
                    response,
                    null,
                    410,
                    "This reset link has expired",
                    "A reset link works for 30 minutes. Ask for a new one on the sign-in page.");
        } else {
            message(
                    response,
                    null,
                    404,
                    "This reset link does not work",
                    "It was used already, or it was not copied whole. Ask for a new one" + " on the sign-in page.");
        }
    }

    private void message(
            ServerResponse response, ConsoleViews.@Nullable Viewer viewer, int status, String title, String text) {
        templates.send(response, status, "message.jte", "page", new Message(viewer, title, text, status));
    }
}
