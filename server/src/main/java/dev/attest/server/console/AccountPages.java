package dev.attest.server.console;

import dev.attest.core.account.AccountSessions;
import dev.attest.core.account.MultiFactor;
import dev.attest.core.account.Passkeys;
import dev.attest.core.account.Passkeys.Purpose;
import dev.attest.core.admin.ConflictException;
import dev.attest.core.admin.Principal;
import dev.attest.core.member.Member;
import dev.attest.core.member.Session;
import dev.attest.core.org.Organization;
import dev.attest.core.store.OrganizationStore;
import dev.attest.server.Callers;
import dev.attest.server.ClientAddresses;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.ConsoleViews.AccountPage;
import dev.attest.server.console.ConsoleViews.PasskeyRow;
import dev.attest.server.console.ConsoleViews.SessionRow;
import dev.attest.server.console.ConsoleViews.TotpSetup;
import dev.attest.server.console.PasskeyCeremonies.CeremonyException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One's own account ({@code /account}): turning MFA on with an authenticator app (a QR code, then a first code, then
 * ten recovery codes shown once) and off again with a code, through {@link MultiFactor}, which records
 * {@code auth.mfa.enable} and {@code auth.mfa.disable}. When the member's organization requires MFA and they have
 * none, this is the only page that opens ({@link #mustEnroll}). Passkeys are added (named), listed and removed here
 * too, through {@link Passkeys} once {@link PasskeyCeremonies} has checked the authenticator's answer.
 */
final class AccountPages {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * Why a code or current password was not even checked: a session alone must not let anyone guess the member's
     * secrets (to turn MFA off, or to learn the password), so these count as sign-in attempts do, in a throttle of
     * their own ({@link SignInThrottle#ACCOUNT}).
     */
    static final String TOO_MANY = "Too many wrong attempts. Wait 15 minutes and try again.";

    /** Why an impersonation may not change the account it acts as. */
    static final String IMPERSONATING = "You are acting as this member: their password, second factors and sessions"
            + " cannot be changed during an impersonation. Stop impersonating first.";

    private final MultiFactor multiFactor;
    private final AccountSessions sessions;
    private final OrganizationStore organizations;
    private final Templates templates;
    private final String issuer;
    private final Passkeys passkeys;
    private final PasskeyCeremonies ceremonies;
    private final @Nullable String publicUrl;
    private final SignInThrottle guesses;

    AccountPages(
            MultiFactor multiFactor,
            AccountSessions sessions,
            OrganizationStore organizations,
            Templates templates,
            String issuer,
            Passkeys passkeys,
            PasskeyCeremonies ceremonies,
            @Nullable String publicUrl,
            SignInThrottle guesses) {
        this.guesses = guesses;
        this.passkeys = passkeys;
        this.ceremonies = ceremonies;
        this.publicUrl = publicUrl;
        this.multiFactor = multiFactor;
        this.sessions = sessions;
        this.organizations = organizations;
        this.templates = templates;
        this.issuer = issuer;
    }

    /**
     * Whether the member must set up MFA before anything else: their organization requires it and they have none.
     * Super-users are held to it by nobody's setting; they set it up themselves.
     */
    boolean mustEnroll(Member member) {
        if (member.superUser() || member.organization() == null) {
            return false;
        }
        boolean required = organizations
                .find(member.organization())
                .map(Organization::requireMfa)
                .orElse(false);
        return required && !multiFactor.enabled(member.id());
    }

    /** {@link #mustEnroll(Member)} when the member's organization is at hand already: no second read of it. */
    boolean mustEnroll(Member member, Organization organization) {
        return !member.superUser()
                && organization.id().equals(member.organization())
                && organization.requireMfa()
                && !multiFactor.enabled(member.id());
    }

    void page(ServerRequest request, ServerResponse response, SignedIn viewer) {
        String notice = switch (request.query().first("done").orElse("")) {
            case "off" -> "MFA is off. Signing in asks for your password only.";
            case "setup" -> "Scan the QR code, then type the code your app shows.";
            case "ended" -> "That session has ended.";
            case "gone" -> "That session had ended already.";
            case "passkey" -> "Passkey added. Signing in asks for it after your password, or instead of it.";
            case "passkey-removed" -> "Passkey removed.";
            default -> endedOthers(request.query().first("others").orElse(""));
        };
        send(response, 200, viewer, null, notice, null);
    }

    private static @Nullable String endedOthers(String count) {
        if (!count.matches("[0-9]{1,9}")) {
            return null;
        }
        return switch (Integer.parseInt(count)) {
            case 0 -> "You had no other sessions.";
            case 1 -> "Your other session has ended.";
            default -> "Your " + count + " other sessions have ended.";
        };
    }

    /** Ends one of the viewer's other sessions, named by its {@link #publicId}. */
    void endSession(ServerRequest request, ServerResponse response, SignedIn viewer) {
        Optional<Map<String, String>> form = csrf(request, response, viewer);
        if (form.isEmpty()) {
            return;
        }
        String id = form.get().getOrDefault("session", "");
        Member member = viewer.member();
        boolean ended = !id.equals(publicId(viewer.session()))
                && sessions.endOne(
                        self(request, member), member, s -> publicId(s).equals(id));
        ConsoleRoutes.redirect(request, response, "/account?done=" + (ended ? "ended" : "gone"));
    }

    /** Signs the viewer out everywhere but here. */
    void endOtherSessions(ServerRequest request, ServerResponse response, SignedIn viewer) {
        if (csrf(request, response, viewer).isEmpty()) {
            return;
        }
        Member member = viewer.member();
        int ended = sessions.endOthers(self(request, member), member, viewer.session());
        ConsoleRoutes.redirect(request, response, "/account?others=" + ended);
    }

    /** A session's name in forms: derived from its token's hash, so that the page never shows what is stored. */
    static String publicId(Session session) {
        return ConsoleSessions.hex(dev.attest.core.org.ApiKey.hash("session-id:" + session.tokenHash()))
                .substring(0, 20);
    }

    void setup(ServerRequest request, ServerResponse response, SignedIn viewer) {
        if (!csrf(request, response, viewer).isPresent()) {
            return;
        }
        try {
            multiFactor.begin(viewer.member(), issuer);
        } catch (ConflictException on) {
            send(response, 409, viewer, null, null, "MFA is already on. Turn it off first to set up another app.");
            return;
        }
        ConsoleRoutes.redirect(request, response, "/account?done=setup");
    }

    void confirm(ServerRequest request, ServerResponse response, SignedIn viewer) {
        Optional<Map<String, String>> form = csrf(request, response, viewer);
        if (form.isEmpty()) {
            return;
        }
        Member member = viewer.member();
        Optional<List<String>> codes =
                multiFactor.confirm(self(request, member), member, form.get().getOrDefault("code", ""));
        if (codes.isEmpty()) {
            send(
                    response,
                    400,
                    viewer,
                    null,
                    null,
                    "Code: that is not the code your app shows now. Check the app's clock and type the newest code.");
            return;
        }
        // Shown in this answer only, never again: no redirect to a page that could show them twice.
        send(response, 200, viewer, codes.get(), "MFA is on.", null);
    }

    void disable(ServerRequest request, ServerResponse response, SignedIn viewer) {
        Optional<Map<String, String>> form = csrf(request, response, viewer);
        if (form.isEmpty()) {
            return;
        }
        Member member = viewer.member();
        String address = ClientAddresses.of(request).orElse("unknown");
        if (!guesses.tryAttempt(member.email(), address)) {
            send(response, 429, viewer, null, null, TOO_MANY + " MFA stays on.");
            return;
        }
        if (!multiFactor.disableOwn(self(request, member), member, form.get().getOrDefault("code", ""))) {
            send(
                    response,
                    400,
                    viewer,
                    null,
                    null,
                    "Code: not a current code of your app nor an unused recovery code. MFA stays on.");
            return;
        }
        guesses.succeeded(member.email(), address);
        ConsoleRoutes.redirect(request, response, "/account?done=off");
    }

    /** The options of {@code navigator.credentials.create}, with a challenge bound to this session. */
    void passkeyOptions(ServerRequest request, ServerResponse response, SignedIn viewer) {
        if (!ConsoleSessions.csrfValid(viewer, Forms.read(request).getOrDefault("csrf", ""))) {
            PasskeySignIns.json(response, 403, Map.of("error", "The form was not sent from this console; reload it."));
            return;
        }
        if (viewer.impersonating()) {
            PasskeySignIns.json(response, 403, Map.of("error", IMPERSONATING));
            return;
        }
        Member member = viewer.member();
        byte[] challenge = passkeys.challenge(Purpose.REGISTER, sessionBinding(viewer));
        PasskeySignIns.json(
                response,
                200,
                ceremonies.creationOptions(
                        PasskeySignIns.relyingParty(publicUrl, request),
                        issuer,
                        member,
                        challenge,
                        passkeys.list(member.id())));
    }

    /** Keeps a passkey whose registration answers this session's challenge; records {@code auth.mfa.enable}. */
    void addPasskey(ServerRequest request, ServerResponse response, SignedIn viewer) {
        Optional<Map<String, String>> form = csrf(request, response, viewer);
        if (form.isEmpty()) {
            return;
        }
        String name = form.get().getOrDefault("name", "").strip();
        if (name.isEmpty()
                || name.length() > Passkeys.MAX_NAME
                || name.chars()
                        .anyMatch(
                                c -> Character.isISOControl(c) || dev.attest.server.BidiControls.contains((char) c))) {
            send(response, 400, viewer, null, null, "Name: give the passkey a name of 1 to 64 characters.");
            return;
        }
        Member member = viewer.member();
        try {
            var registered = ceremonies.register(
                    PasskeySignIns.relyingParty(publicUrl, request),
                    form.get().getOrDefault("client_data", ""),
                    form.get().getOrDefault("attestation_object", ""),
                    challenge -> passkeys.spend(challenge, Purpose.REGISTER, sessionBinding(viewer)));
            passkeys.register(
                    self(request, member),
                    member,
                    registered.credentialId(),
                    name,
                    registered.credentialData(),
                    registered.signCount());
        } catch (CeremonyException e) {
            send(response, 400, viewer, null, null, "Passkey not added: " + e.getMessage() + ".");
            return;
        } catch (ConflictException e) {
            send(response, 409, viewer, null, null, "Passkey not added: it is registered already.");
            return;
        }
        ConsoleRoutes.redirect(request, response, "/account?done=passkey");
    }

    /**
     * Removes one of the viewer's passkeys, proven with their password (as turning off an app takes a code: a session
     * alone does not weaken the account); records {@code auth.mfa.disable}.
     */
    void removePasskey(ServerRequest request, ServerResponse response, SignedIn viewer) {
        Optional<Map<String, String>> form = csrf(request, response, viewer);
        if (form.isEmpty()) {
            return;
        }
        Member member = viewer.member();
        String address = ClientAddresses.of(request).orElse("unknown");
        if (!guesses.tryAttempt(member.email(), address)) {
            send(response, 429, viewer, null, null, TOO_MANY + " The passkey stays.");
            return;
        }
        if (!Passwords.matches(form.get().getOrDefault("current_password", ""), member.passwordHash())) {
            send(response, 403, viewer, null, null, "Your password: it is not right. The passkey stays.");
            return;
        }
        guesses.succeeded(member.email(), address);
        if (!passkeys.remove(self(request, member), member, form.get().getOrDefault("passkey", ""))) {
            send(response, 404, viewer, null, null, "That passkey was removed already.");
            return;
        }
        ConsoleRoutes.redirect(request, response, "/account?done=passkey-removed");
    }

    /** Binds a registration challenge to the session that asked for it. */
    private static String sessionBinding(SignedIn viewer) {
        return "session:" + publicId(viewer.session());
    }

    private List<SessionRow> sessionRows(SignedIn viewer) {
        String current = viewer.session().tokenHash();
        return sessions.list(viewer.member()).stream()
                .map(s -> new SessionRow(
                        publicId(s),
                        Devices.describe(s.userAgent()),
                        s.ip() == null ? "unknown" : s.ip(),
                        TIME.format(s.createdAt()),
                        TIME.format(s.lastSeenAt()),
                        s.tokenHash().equals(current)))
                .toList();
    }

    private Optional<Map<String, String>> csrf(ServerRequest request, ServerResponse response, SignedIn viewer) {
        Map<String, String> form = Forms.read(request);
        if (!ConsoleSessions.csrfValid(viewer, form.getOrDefault("csrf", ""))) {
            send(response, 403, viewer, null, null, "The form was not sent from this console; reload the page.");
            return Optional.empty();
        }
        if (viewer.impersonating()) {
            // The member's password, factors and sessions stay theirs (DESIGN.md §7).
            send(response, 403, viewer, null, null, IMPERSONATING);
            return Optional.empty();
        }
        return Optional.of(form);
    }

    private static Principal self(ServerRequest request, Member member) {
        return Principal.of(member, ConsoleRoutes.logOf(member), Callers.context(request));
    }

    private void send(
            ServerResponse response,
            int status,
            SignedIn viewer,
            @Nullable List<String> recoveryCodes,
            @Nullable String notice,
            @Nullable String error) {
        Member member = viewer.member();
        boolean on = multiFactor.totpEnabled(member.id());
        TotpSetup setup = on
                ? null
                : multiFactor
                        .pending(member, issuer)
                        .map(s -> new TotpSetup(
                                QrSvg.of(s.uri(), "QR code of the authenticator key for " + member.email()),
                                s.secret()))
                        .orElse(null);
        templates.send(
                response,
                status,
                "account.jte",
                "page",
                new AccountPage(
                        ConsoleRoutes.viewer(viewer),
                        member.email(),
                        on,
                        on ? multiFactor.remainingRecoveryCodes(member.id()) : 0,
                        mustEnroll(member),
                        setup,
                        recoveryCodes,
                        sessionRows(viewer),
                        notice,
                        error,
                        passkeys.list(member.id()).stream()
                                .map(p -> new PasskeyRow(
                                        p.credentialId(),
                                        p.name(),
                                        TIME.format(p.createdAt()),
                                        p.lastUsedAt() == null ? "never" : TIME.format(p.lastUsedAt())))
                                .toList()));
    }
}
