package dev.attest.server.console;

import dev.attest.core.account.AccountSessions;
import dev.attest.core.account.Impersonations;
import dev.attest.core.account.MultiFactor;
import dev.attest.core.account.Passkeys;
import dev.attest.core.account.SecretBox;
import dev.attest.core.admin.ApiKeyAdministration;
import dev.attest.core.admin.AppAdministration;
import dev.attest.core.admin.GroupAdministration;
import dev.attest.core.admin.InvitationAdministration;
import dev.attest.core.admin.MemberAdministration;
import dev.attest.core.admin.MemberOverview;
import dev.attest.core.admin.OrganizationAdministration;
import dev.attest.core.admin.PasswordAdministration;
import dev.attest.core.admin.Principal;
import dev.attest.core.admin.Recorder;
import dev.attest.core.admin.SingleSignOn;
import dev.attest.core.admin.WorkspaceAdministration;
import dev.attest.core.event.EventParser;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.RequestContext;
import dev.attest.core.ingest.Sequencer;
import dev.attest.core.log.Checkpointer;
import dev.attest.core.mail.Mailer;
import dev.attest.core.member.Impersonation;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.org.Organization;
import dev.attest.core.store.Storage;
import dev.attest.server.BidiControls;
import dev.attest.server.Callers;
import dev.attest.server.ClientAddresses;
import dev.attest.server.Problem;
import dev.attest.server.console.ConsoleSessions.SignedIn;
import dev.attest.server.console.ConsoleViews.Acting;
import dev.attest.server.console.ConsoleViews.Message;
import dev.attest.server.console.ConsoleViews.NavLink;
import dev.attest.server.console.ConsoleViews.OrganizationRow;
import dev.attest.server.console.ConsoleViews.Organizations;
import dev.attest.server.console.ConsoleViews.SignIn;
import dev.attest.server.console.ConsoleViews.Viewer;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The console's entry, sign-in and sign-out, the organization list, and static assets. Sign-ins, failed sign-ins
 * (with the reason) and sign-outs are recorded as {@code auth.login.success}, {@code auth.login.failure} and
 * {@code auth.logout} in the member's organization's log — or the installation's log for super-users and unknown
 * emails.
 */
public final class ConsoleRoutes implements HttpService {
    private static final Map<String, String> STATIC_TYPES = Map.of(
            "console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "passkeys.js", "text/javascript; charset=utf-8",
            "htmx.min.js", "text/javascript; charset=utf-8");

    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Storage storage;
    private final ConsoleSessions sessions;
    private final SignInThrottle throttle;
    private final ConsoleAudit audit;
    private final Templates templates = new Templates();
    private final LogPages logPages;
    private final MemberPages memberPages;
    private final Impersonations impersonations;
    private final SettingsPages settingsPages;
    private final InvitationPages invitationPages;
    private final PasswordPages passwordPages;
    private final MailPages mailPages;
    private final AccountPages accountPages;
    private final MultiFactor multiFactor;
    private final PendingSignIns pendingSignIns;
    private final PasskeySignIns passkeySignIns;
    private final ApiKeyPages apiKeyPages;
    private final AppPages appPages;
    private final GroupPages groupPages;
    private final WorkspacePages workspacePages;
    private final DirectoryPages directoryPages;
    private final SingleSignOn sso;
    private final SsoSignIns ssoSignIns;
    private final Map<String, byte[]> assets = new HashMap<>();

    public ConsoleRoutes(
            Storage storage,
            Sequencer sequencer,
            EventParser parser,
            Checkpointer checkpointer,
            MemberAdministration members,
            OrganizationAdministration settings,
            Mailing mailing,
            MultiFactor multiFactor,
            AccountSessions accountSessions,
            SecretBox secrets,
            String installation,
            ApiKeyAdministration apiKeys,
            AppAdministration apps,
            GroupAdministration groups,
            WorkspaceAdministration workspaces,
            Passkeys passkeys,
            SingleSignOn sso,
            @Nullable String publicUrl,
            Clock clock) {
        this.storage = storage;
        this.sso = sso;
        this.sessions = new ConsoleSessions(storage.sessions(), storage.members(), clock);
        this.throttle = new SignInThrottle(storage.rateLimits(), clock);
        this.audit = new ConsoleAudit(parser, sequencer);
        this.logPages = new LogPages(storage, checkpointer, audit, templates, clock);
        this.impersonations = new Impersonations(storage, new Recorder(parser, clock), clock);
        this.memberPages = new MemberPages(
                members,
                new MemberOverview(storage, multiFactor::enrolled),
                mailing.passwords(),
                impersonations,
                templates);
        this.settingsPages = new SettingsPages(
                settings, new dev.attest.core.portal.Portal(storage, new Recorder(parser, clock), clock), templates);
        this.invitationPages =
                new InvitationPages(mailing.invitations(), storage.organizations(), sessions, templates, clock);
        this.passwordPages = new PasswordPages(mailing.passwords(), sessions, templates, storage.rateLimits(), clock);
        this.mailPages = new MailPages(mailing.mailer(), mailing.transport(), storage.outbox(), templates);
        this.multiFactor = multiFactor;
        var ceremonies = new PasskeyCeremonies();
        this.accountPages = new AccountPages(
                multiFactor,
                accountSessions,
                storage.organizations(),
                templates,
                "Attest " + installation,
                passkeys,
                ceremonies,
                publicUrl,
                new SignInThrottle(storage.rateLimits(), clock, SignInThrottle.ACCOUNT));
        this.pendingSignIns = new PendingSignIns(secrets, storage.members(), clock);
        this.passkeySignIns = new PasskeySignIns(
                passkeys,
                ceremonies,
                multiFactor,
                storage.members(),
                publicUrl,
                pendingSignIns,
                sessions,
                throttle,
                templates,
                this::completeSignIn,
                this::recordFailure);
        this.apiKeyPages = new ApiKeyPages(apiKeys, templates);
        this.appPages = new AppPages(apps, templates);
        this.groupPages = new GroupPages(groups, members, workspaces, templates);
        this.workspacePages = new WorkspacePages(workspaces, members, templates);
        this.directoryPages = new DirectoryPages(
                new dev.attest.core.admin.DirectorySync(
                        storage, new dev.attest.core.admin.Recorder(parser, clock), clock),
                sso,
                templates);
        this.ssoSignIns = new SsoSignIns(
                storage, sso, sessions, templates, publicUrl, this::completeSignIn, this::recordFailure, clock);
        assets.put("console.css", resource("static/console.css"));
        assets.put("console.js", resource("static/console.js"));
        assets.put("passkeys.js", resource("static/passkeys.js"));
        assets.put("htmx.min.js", resource("/META-INF/resources/webjars/htmx.org/2.0.10/dist/htmx.min.js"));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::home)
                .get("/sign-in", this::signInPage)
                .post("/sign-in", fromThisSite(this::signIn))
                .post("/sign-out", fromThisSite(this::signOut))
                .get("/sign-in/mfa", this::secondFactorPage)
                .post("/sign-in/mfa", fromThisSite(this::secondFactor))
                .get("/account", (req, res) -> signedIn(req, res, accountPages::page))
                .post("/account/mfa/setup", fromThisSite((req, res) -> signedIn(req, res, accountPages::setup)))
                .post("/account/mfa/confirm", fromThisSite((req, res) -> signedIn(req, res, accountPages::confirm)))
                .post("/account/mfa/disable", fromThisSite((req, res) -> signedIn(req, res, accountPages::disable)))
                .post("/account/sessions/end", fromThisSite((req, res) -> signedIn(req, res, accountPages::endSession)))
                .post(
                        "/account/sessions/end-others",
                        fromThisSite((req, res) -> signedIn(req, res, accountPages::endOtherSessions)))
                .get("/orgs", this::organizations)
                .get("/orgs/{org}/log", (req, res) -> withReader(req, res, logPages::log))
                .get("/orgs/{org}/log/more", (req, res) -> withReader(req, res, logPages::more))
                .get("/orgs/{org}/events/{id}", (req, res) -> withReader(req, res, logPages::event))
                // An export is recorded in the log, so it is a form posted with the session's CSRF token, never a
                // link that another site could make a signed-in auditor follow.
                .post("/orgs/{org}/export.csv", fromThisSite((req, res) -> withReader(req, res, logPages::exportCsv)))
                .post(
                        "/orgs/{org}/export.jsonl",
                        fromThisSite((req, res) -> withReader(req, res, logPages::exportJsonl)))
                .get(
                        "/orgs/{org}/members",
                        (req, res) -> withPermission(req, res, Permission.MEMBERS_READ, memberPages::page))
                // Anyone of the organization reaches the rules, so that a refused change is recorded.
                .post(
                        "/orgs/{org}/members/{id}",
                        fromThisSite((req, res) -> withPermission(req, res, null, memberPages::change)))
                .post(
                        "/orgs/{org}/members/{id}/impersonate",
                        fromThisSite((req, res) -> withPermission(req, res, null, memberPages::impersonate)))
                .post("/impersonation/stop", fromThisSite(this::stopImpersonating))
                .get(
                        "/orgs/{org}/settings",
                        (req, res) -> withPermission(req, res, Permission.ORG_MANAGE, settingsPages::page))
                .post(
                        "/orgs/{org}/settings",
                        fromThisSite((req, res) -> withPermission(req, res, null, settingsPages::change)))
                .get(
                        "/orgs/{org}/api-keys",
                        (req, res) -> withPermission(req, res, Permission.API_ACCESS_MANAGE, apiKeyPages::page))
                .post(
                        "/orgs/{org}/api-keys",
                        fromThisSite((req, res) -> withPermission(req, res, null, apiKeyPages::create)))
                .post(
                        "/orgs/{org}/api-keys/{id}",
                        fromThisSite((req, res) -> withPermission(req, res, null, apiKeyPages::change)))
                .get(
                        "/orgs/{org}/apps",
                        (req, res) -> withPermission(req, res, Permission.API_ACCESS_MANAGE, appPages::page))
                .post("/orgs/{org}/apps", fromThisSite((req, res) -> withPermission(req, res, null, appPages::create)))
                .post(
                        "/orgs/{org}/apps/{id}",
                        fromThisSite((req, res) -> withPermission(req, res, null, appPages::change)))
                .get(
                        "/orgs/{org}/groups",
                        (req, res) -> withPermission(req, res, Permission.MEMBERS_READ, groupPages::page))
                .post(
                        "/orgs/{org}/groups",
                        fromThisSite((req, res) -> withPermission(req, res, null, groupPages::create)))
                .post(
                        "/orgs/{org}/groups/{id}",
                        fromThisSite((req, res) -> withPermission(req, res, null, groupPages::change)))
                .get(
                        "/orgs/{org}/workspaces",
                        (req, res) -> withPermission(req, res, Permission.MEMBERS_READ, workspacePages::page))
                .post(
                        "/orgs/{org}/workspaces",
                        fromThisSite((req, res) -> withPermission(req, res, null, workspacePages::create)))
                .post(
                        "/orgs/{org}/workspaces/access/{id}",
                        fromThisSite((req, res) -> withPermission(req, res, null, workspacePages::access)))
                .get(
                        "/orgs/{org}/directory",
                        (req, res) -> withPermission(req, res, Permission.API_ACCESS_MANAGE, directoryPages::page))
                .post(
                        "/orgs/{org}/directory",
                        fromThisSite((req, res) -> withPermission(req, res, null, directoryPages::change)))
                .get("/orgs/{org}/export.csv", ConsoleRoutes::postOnly)
                .get("/orgs/{org}/export.jsonl", ConsoleRoutes::postOnly)
                .get("/static/{file}", this::asset);
        mailRoutes(rules);
        passkeyRoutes(rules);
        // Single sign-on (docs/adr/0014): the provider's answer is a top-level GET from its site, so the callback
        // takes no form token; its state, bound to this browser by a cookie, is what makes it this sign-in's.
        rules.get("/sign-in/sso", ssoSignIns::form)
                .post("/sign-in/sso", fromThisSite(ssoSignIns::start))
                .get(SsoSignIns.CALLBACK, ssoSignIns::callback);
    }

    /** What the console's invitations, passwords and mail need: the same services as the API's. */
    public record Mailing(
            InvitationAdministration invitations, PasswordAdministration passwords, Mailer mailer, String transport) {}

    /** Passkeys (docs/adr/0012): added on the account page; a second factor; a sign-in without a password. */
    private void passkeyRoutes(HttpRules rules) {
        rules.post(
                        "/account/passkeys/options",
                        fromThisSite((req, res) -> signedIn(req, res, accountPages::passkeyOptions)))
                .post("/account/passkeys", fromThisSite((req, res) -> signedIn(req, res, accountPages::addPasskey)))
                .post(
                        "/account/passkeys/remove",
                        fromThisSite((req, res) -> signedIn(req, res, accountPages::removePasskey)))
                .post("/sign-in/mfa/passkey/options", fromThisSite(passkeySignIns::secondFactorOptions))
                .post("/sign-in/mfa/passkey", fromThisSite(passkeySignIns::secondFactor))
                .post("/sign-in/passkey/options", fromThisSite(passkeySignIns::signInOptions))
                .post("/sign-in/passkey", fromThisSite(passkeySignIns::signIn));
    }

    /** Invitations, password resets, one's own password, and the installation's mail. */
    private void mailRoutes(HttpRules rules) {
        rules.get("/invitations/{token}", invitationPages::acceptPage)
                .post("/invitations/{token}", fromThisSite(invitationPages::accept))
                .get("/password-reset", passwordPages::forgotPage)
                .post("/password-reset", fromThisSite(passwordPages::forgot))
                .get("/password-reset/{token}", passwordPages::resetPage)
                .post("/password-reset/{token}", fromThisSite(passwordPages::reset))
                .get("/account/password", (req, res) -> withSession(req, res, false, passwordPages::ownPage))
                .post(
                        "/account/password",
                        fromThisSite((req, res) -> withSession(req, res, false, passwordPages::changeOwn)))
                .get("/installation/mail", (req, res) -> withSession(req, res, true, mailPages::page))
                .post(
                        "/installation/mail",
                        fromThisSite((req, res) -> withSession(req, res, true, mailPages::sendTest)))
                .get(
                        "/orgs/{org}/invitations",
                        (req, res) -> withPermission(req, res, Permission.MEMBERS_READ, invitationPages::page))
                // Anyone of the organization reaches the rules, so that a refused invitation is recorded.
                .post(
                        "/orgs/{org}/invitations",
                        fromThisSite((req, res) -> withPermission(req, res, null, invitationPages::invite)))
                .post(
                        "/orgs/{org}/invitations/{id}",
                        fromThisSite((req, res) -> withPermission(req, res, null, invitationPages::change)));
    }

    /** A console page of the signed-in person themselves. */
    interface SessionPage {
        void handle(ServerRequest request, ServerResponse response, SignedIn viewer);
    }

    /** Runs {@code page} for a signed-in person (a super-user if {@code superUserOnly}); others sign in first. */
    private void withSession(ServerRequest request, ServerResponse response, boolean superUserOnly, SessionPage page) {
        Optional<SignedIn> signedIn = sessions.current(request);
        if (signedIn.isEmpty()) {
            redirect(
                    request,
                    response,
                    Method.GET.equals(request.prologue().method())
                            ? "/sign-in?next=" + request.path().rawPath()
                            : "/sign-in");
            return;
        }
        if (superUserOnly && !signedIn.get().member().superUser()) {
            message(
                    response,
                    signedIn.get(),
                    403,
                    "You cannot open this page",
                    "Only super-users manage the" + " installation's mail.");
            return;
        }
        page.handle(request, response, signedIn.get());
    }

    /** Refuses a form that the browser says was posted from another site, before reading it. */
    private Handler fromThisSite(Handler handler) {
        return fromThisSite(templates, handler);
    }

    /** {@link #fromThisSite(Handler)} of any console page, the portal's too. */
    static Handler fromThisSite(Templates templates, Handler handler) {
        return (request, response) -> {
            if (SameOrigin.allows(request)) {
                handler.handle(request, response);
            } else {
                templates.send(
                        response,
                        403,
                        "message.jte",
                        "page",
                        new Message(
                                null,
                                "Request refused",
                                "This form was sent from another site. Open the console and try again.",
                                403));
            }
        };
    }

    private static void postOnly(ServerRequest request, ServerResponse response) {
        response.status(Status.METHOD_NOT_ALLOWED_405);
        response.header(HeaderNames.ALLOW, "POST");
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.send(
                "An export is made with the Export buttons of the audit log page (a POST with the form's token).");
    }

    /** A console page of one organization, for a signed-in person who may read its log. */
    interface ReaderPage {
        void handle(ServerRequest request, ServerResponse response, SignedIn viewer, Organization organization);
    }

    private void withReader(ServerRequest request, ServerResponse response, ReaderPage page) {
        withPermission(
                request,
                response,
                Permission.LOG_READ,
                (req, res, viewer, organization, principal) -> page.handle(req, res, viewer, organization));
    }

    /** A console page of one organization, for a signed-in person acting there. */
    interface OrganizationPage {
        void handle(
                ServerRequest request,
                ServerResponse response,
                SignedIn viewer,
                Organization organization,
                Principal principal);
    }

    /**
     * Runs {@code page} for a signed-in person who holds {@code needed} (if not {@code null}) in the path's
     * organization: others are sent to sign in (a GET comes back afterwards), told 404 for an organization not theirs,
     * or 403 for their own.
     */
    private void withPermission(
            ServerRequest request, ServerResponse response, @Nullable Permission needed, OrganizationPage page) {
        Optional<SignedIn> signedIn = sessions.current(request);
        if (signedIn.isEmpty() && !Method.GET.equals(request.prologue().method())) {
            // A form of an ended session: signing in again must not repeat what it asked for.
            redirect(request, response, "/sign-in");
            return;
        }
        if (signedIn.isEmpty()) {
            redirect(
                    request,
                    response,
                    "/sign-in?next="
                            + java.net.URLEncoder.encode(
                                    request.path().rawPath()
                                            + (request.query().rawValue().isEmpty()
                                                    ? ""
                                                    : "?" + request.query().rawValue()),
                                    java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        Member member = signedIn.get().member();
        String orgText = request.path().pathParameters().get("org");
        Optional<Organization> organization = OrganizationId.isValid(orgText)
                        && (member.superUser() || orgText.equals(String.valueOf(member.organization())))
                ? storage.organizations()
                        .find(new OrganizationId(orgText))
                        // A deleted organization is gone for its members; super-users still read its log (ADR 0010).
                        .filter(o -> !o.deleted() || member.superUser())
                : Optional.empty();
        if (organization.isEmpty()) {
            message(
                    response,
                    signedIn.get(),
                    404,
                    "Organization not found",
                    "There is no organization " + orgText + " that you can read.");
            return;
        }
        // An organization's MFA rule holds its members, not a super-user acting as one.
        if (!signedIn.get().impersonating() && accountPages.mustEnroll(member, organization.get())) {
            redirect(request, response, "/account");
            return;
        }
        if (organization.get().deleted()
                && !Method.GET.equals(request.prologue().method())
                && needed != Permission.LOG_READ) {
            message(
                    response,
                    signedIn.get(),
                    409,
                    "Organization deleted",
                    organization.get().name() + " was deleted: its log stays readable, exportable and verifiable,"
                            + " but nothing in it changes.");
            return;
        }
        Principal principal = signedIn.get().principal(organization.get().id(), Callers.context(request));
        if (needed != null && !principal.may(needed)) {
            boolean log = needed == Permission.LOG_READ;
            message(
                    response,
                    signedIn.get(),
                    403,
                    log ? "You cannot read this audit log" : "You cannot open this page",
                    "Your role (" + roleOf(member) + ")"
                            + (log
                                    ? " cannot read the audit log. Owners, admins and auditors can; ask one of them to"
                                            + " change your role."
                                    : " cannot open this page; ask an owner or admin of your organization."));
            return;
        }
        page.handle(request, response, signedIn.get(), organization.get(), principal);
    }

    private void home(ServerRequest request, ServerResponse response) {
        Optional<SignedIn> signedIn = sessions.current(request);
        if (signedIn.isEmpty()) {
            redirect(response, "/sign-in");
        } else {
            SignedIn who = signedIn.get();
            redirect(
                    response,
                    who.impersonating() && who.member().organization() != null
                            ? "/orgs/" + who.member().organization().value() + "/log"
                            : landing(who.member()));
        }
    }

    /** A page of one's own account, for anyone signed in; others are sent to sign in and come back. */
    interface AccountPage {
        void handle(ServerRequest request, ServerResponse response, SignedIn viewer);
    }

    private void signedIn(ServerRequest request, ServerResponse response, AccountPage page) {
        Optional<SignedIn> signedIn = sessions.current(request);
        if (signedIn.isEmpty()) {
            redirect(
                    request,
                    response,
                    Method.GET.equals(request.prologue().method()) ? "/sign-in?next=/account" : "/sign-in");
            return;
        }
        page.handle(request, response, signedIn.get());
    }

    private String landing(Member member) {
        if (accountPages.mustEnroll(member)) {
            return "/account";
        }
        return member.superUser() || member.organization() == null
                ? "/orgs"
                : "/orgs/" + member.organization().value() + "/log";
    }

    private void signInPage(ServerRequest request, ServerResponse response) {
        String next = safeNext(headerSafe("next", request.query().first("next").orElse("")));
        Optional<SignedIn> signedIn = sessions.current(request);
        if (signedIn.isPresent()) {
            redirect(response, next.isEmpty() ? landing(signedIn.get().member()) : next);
            return;
        }
        templates.send(
                response,
                200,
                "signin.jte",
                "page",
                new SignIn(sessions.signInToken(request, response), null, "", next));
    }

    private void signIn(ServerRequest request, ServerResponse response) {
        Map<String, String> form = Forms.read(request);
        String email = form.getOrDefault("email", "").strip();
        String password = form.getOrDefault("password", "");
        String next = safeNext(headerSafe("next", form.getOrDefault("next", "")));
        if (!ConsoleSessions.signInTokenValid(request, form.getOrDefault("csrf", ""))) {
            templates.send(
                    response,
                    403,
                    "signin.jte",
                    "page",
                    new SignIn(
                            sessions.signInToken(request, response),
                            "Your sign-in form expired. Please sign in again.",
                            email,
                            next));
            return;
        }
        String address = ClientAddresses.of(request).orElse("unknown");
        Optional<Member> found = email.isEmpty()
                ? Optional.empty()
                // A member of a deleted organization has no account any more: refused as an unknown address, and
                // recorded outside the deleted organization's closed log.
                : storage.members().findByEmail(email).filter(m -> !organizationDeleted(m));
        String failure;
        if (!throttle.tryAttempt(email, address)) {
            failure = "rate_limited";
        } else if (found.isEmpty()) {
            Passwords.burn(password);
            failure = "unknown_email";
        } else if (ssoRequired(found.get())) {
            // The organization signs in through its provider only; the password is not even compared.
            Passwords.burn(password);
            failure = "sso_required";
        } else if (!Passwords.matches(password, found.get().passwordHash())) {
            failure = "invalid_password";
        } else if (found.get().disabled()) {
            failure = "user_disabled";
        } else {
            failure = null;
        }
        if (failure != null) {
            recordFailure(request, email, found.orElse(null), failure);
            String text = failure.equals("rate_limited")
                    ? "Too many failed sign-ins. Wait 15 minutes and try again."
                    : failure.equals("sso_required")
                            ? "Your organization signs in through its identity provider: use Sign in with SSO."
                            : "The email or password is not right.";
            templates.send(
                    response,
                    failure.equals("rate_limited") ? 429 : 401,
                    "signin.jte",
                    "page",
                    new SignIn(sessions.signInToken(request, response), text, email, next));
            return;
        }
        Member member = found.get();
        throttle.succeeded(email, address);
        if (multiFactor.enabled(member.id())) {
            // The password was right; the session starts only after the second factor.
            pendingSignIns.start(member, request, response);
            redirect(
                    response,
                    "/sign-in/mfa"
                            + (next.isEmpty()
                                    ? ""
                                    : "?next="
                                            + java.net.URLEncoder.encode(
                                                    next, java.nio.charset.StandardCharsets.UTF_8)));
            return;
        }
        completeSignIn(member, request, response, next, null);
    }

    /**
     * Records {@code auth.login.success} and starts the session. A member whose organization requires MFA and who has
     * none lands on their account page, where they set it up before anything else opens.
     */
    private void completeSignIn(
            Member member,
            ServerRequest request,
            ServerResponse response,
            String next,
            MultiFactor.@Nullable Factor factor) {
        completeSignIn(member, request, response, next, "password", factor == null ? null : factor.wire());
    }

    /**
     * {@link #completeSignIn} for any sign-in method ({@code password}, {@code webauthn}, {@code sso}) and second
     * factor. A method other than {@code sso} of a member whose organization requires SSO is refused with reason
     * {@code sso_required}.
     */
    private void completeSignIn(
            Member member,
            ServerRequest request,
            ServerResponse response,
            String next,
            String method,
            @Nullable String mfa) {
        if (!method.equals("sso") && ssoRequired(member)) {
            // A passkey, or a password whose second factor came after the organization turned "require SSO" on.
            recordFailure(request, member.email(), member, "sso_required", method);
            templates.send(
                    response,
                    401,
                    "signin.jte",
                    "page",
                    new SignIn(
                            sessions.signInToken(request, response),
                            "Your organization signs in through its identity provider: use Sign in with SSO.",
                            member.email(),
                            next));
            return;
        }
        Map<String, Object> event = ConsoleAudit.event("auth.login.success", ConsoleAudit.actor(member), request);
        event.put("target", ConsoleAudit.target(member));
        var payload = new LinkedHashMap<String, Object>();
        payload.put("method", method);
        payload.put("email", member.email());
        if (mfa != null) {
            payload.put("mfa", mfa);
        }
        event.put("payload", payload);
        audit.record(logOf(member), event);
        sessions.start(member, request, response);
        redirect(response, next.isEmpty() || accountPages.mustEnroll(member) ? landing(member) : next);
    }

    private void secondFactorPage(ServerRequest request, ServerResponse response) {
        String next = safeNext(headerSafe("next", request.query().first("next").orElse("")));
        Optional<Member> pending = pendingSignIns.current(request);
        if (pending.isEmpty()) {
            redirect(response, "/sign-in");
            return;
        }
        templates.send(
                response,
                200,
                "signin-mfa.jte",
                "page",
                passkeySignIns.view(pending.get(), sessions.signInToken(request, response), null, next));
    }

    /**
     * The second step of a sign-in: a code of the member's authenticator or a recovery code, throttled with their
     * passwords. A wrong code is recorded as {@code auth.login.failure} with reason {@code mfa_invalid}.
     */
    private void secondFactor(ServerRequest request, ServerResponse response) {
        Map<String, String> form = Forms.read(request);
        String next = safeNext(headerSafe("next", form.getOrDefault("next", "")));
        Optional<Member> pending = pendingSignIns.current(request);
        if (pending.isEmpty()) {
            redirect(response, "/sign-in");
            return;
        }
        if (!ConsoleSessions.signInTokenValid(request, form.getOrDefault("csrf", ""))) {
            templates.send(
                    response,
                    403,
                    "signin-mfa.jte",
                    "page",
                    passkeySignIns.view(
                            pending.get(),
                            sessions.signInToken(request, response),
                            "Your form expired. Please try again.",
                            next));
            return;
        }
        Member member = pending.get();
        String address = ClientAddresses.of(request).orElse("unknown");
        Optional<MultiFactor.Factor> factor;
        String failure = null;
        if (!throttle.tryAttempt(member.email(), address)) {
            factor = Optional.empty();
            failure = "rate_limited";
        } else {
            factor = multiFactor.check(member, form.getOrDefault("code", ""));
            if (factor.isEmpty()) {
                failure = "mfa_invalid";
            }
        }
        if (failure != null || factor.isEmpty()) {
            recordFailure(request, member.email(), member, failure == null ? "mfa_invalid" : failure);
            boolean limited = "rate_limited".equals(failure);
            templates.send(
                    response,
                    limited ? 429 : 401,
                    "signin-mfa.jte",
                    "page",
                    passkeySignIns.view(
                            member,
                            sessions.signInToken(request, response),
                            limited
                                    ? "Too many failed attempts. Wait 15 minutes and try again."
                                    : "That code is not right, or was used already. Type the newest code of your app.",
                            next));
            return;
        }
        throttle.succeeded(member.email(), address);
        pendingSignIns.end(request, response);
        completeSignIn(member, request, response, next, factor.get());
    }

    private void recordFailure(ServerRequest request, String email, @Nullable Member known, String reason) {
        recordFailure(request, email, known, reason, "password");
    }

    private void recordFailure(
            ServerRequest request, String email, @Nullable Member known, String reason, String method) {
        recordFailure(request, email, known, reason, method, null);
    }

    /**
     * Records {@code auth.login.failure} in the log of the member if known, else of {@code log} (an organization the
     * attempt is known to be for, as an SSO sign-in's), else the installation's.
     */
    private void recordFailure(
            ServerRequest request,
            String email,
            @Nullable Member known,
            String reason,
            String method,
            @Nullable OrganizationId log) {
        Map<String, Object> actor = known == null ? Map.of("type", "unknown") : ConsoleAudit.actor(known);
        Map<String, Object> event = ConsoleAudit.event("auth.login.failure", actor, request);
        if (known != null) {
            event.put("target", ConsoleAudit.target(known));
        }
        event.put("outcome", "failure");
        var payload = new LinkedHashMap<String, Object>();
        // The address as typed, cut to a sane length: it is untrusted input.
        payload.put("email", email.isEmpty() ? "(empty)" : email.length() > 320 ? email.substring(0, 320) : email);
        payload.put("reason", reason);
        payload.put("method", method);
        event.put("payload", payload);
        audit.record(known != null ? logOf(known) : log != null ? log : Accounts.INSTALLATION, event);
    }

    private void signOut(ServerRequest request, ServerResponse response) {
        Optional<SignedIn> signedIn = sessions.current(request);
        if (signedIn.isEmpty()) {
            redirect(response, "/sign-in");
            return;
        }
        if (!ConsoleSessions.csrfValid(signedIn.get(), Forms.read(request).getOrDefault("csrf", ""))) {
            message(response, signedIn.get(), 403, "Request refused", "The form was not sent from this console.");
            return;
        }
        // Signing out of an impersonation signs the super-user out: the session is theirs.
        Member impersonator = signedIn.get().impersonator();
        Member member = impersonator != null ? impersonator : signedIn.get().member();
        Map<String, Object> event = ConsoleAudit.event("auth.logout", ConsoleAudit.actor(member), request);
        event.put("target", ConsoleAudit.target(member));
        audit.record(logOf(member), event);
        sessions.end(signedIn.get(), request, response);
        redirect(response, "/sign-in");
    }

    /** Ends the session's impersonation: the super-user is themselves again, on the members page they came from. */
    private void stopImpersonating(ServerRequest request, ServerResponse response) {
        Optional<SignedIn> signedIn = sessions.current(request);
        if (signedIn.isEmpty()) {
            redirect(response, "/sign-in");
            return;
        }
        if (!ConsoleSessions.csrfValid(signedIn.get(), Forms.read(request).getOrDefault("csrf", ""))) {
            message(response, signedIn.get(), 403, "Request refused", "The form was not sent from this console.");
            return;
        }
        Member actedAs = signedIn.get().member();
        if (!signedIn.get().impersonating()
                || !impersonations.stop(signedIn.get().session().tokenHash())) {
            redirect(response, "/");
            return;
        }
        OrganizationId org = actedAs.organization();
        redirect(
                response,
                org == null ? "/orgs" : "/orgs/" + org.value() + "/members?done=stopped&member=" + actedAs.id());
    }

    private void organizations(ServerRequest request, ServerResponse response) {
        Optional<SignedIn> signedIn = sessions.current(request);
        if (signedIn.isEmpty()) {
            redirect(response, "/sign-in?next=/orgs");
            return;
        }
        Member member = signedIn.get().member();
        if (!member.superUser()) {
            redirect(response, landing(member));
            return;
        }
        var rows = storage.organizations().list().stream()
                .map(o -> new OrganizationRow(
                        o.id().value(),
                        o.deleted() ? o.name() + " (deleted)" : o.name(),
                        storage.events().size(o.id())))
                .toList();
        templates.send(response, 200, "organizations.jte", "page", new Organizations(viewer(signedIn.get()), rows));
    }

    /** Whether the member's organization lets its members sign in through its identity provider only. */
    private boolean ssoRequired(Member member) {
        OrganizationId org = member.organization();
        return org != null && !member.superUser() && sso.required(org);
    }

    private boolean organizationDeleted(Member member) {
        OrganizationId org = member.organization();
        return org != null
                && storage.organizations().find(org).map(Organization::deleted).orElse(false);
    }

    private void asset(ServerRequest request, ServerResponse response) {
        String file = request.path().pathParameters().get("file");
        byte[] bytes = assets.get(file);
        if (bytes == null) {
            response.status(Status.NOT_FOUND_404).send();
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, STATIC_TYPES.get(file));
        response.header(HeaderNames.CACHE_CONTROL, "public, max-age=3600");
        response.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        response.send(bytes);
    }

    /** The log where a member's own sign-ins are recorded. */
    static OrganizationId logOf(Member member) {
        return member.organization() == null ? Accounts.INSTALLATION : member.organization();
    }

    static Viewer viewer(SignedIn signedIn) {
        Member member = signedIn.member();
        OrganizationId own = member.organization();
        return viewer(signedIn, own == null || member.superUser() ? List.of() : nav(member, own, ""));
    }

    /** The viewer of a page of {@code organization}, with its navigation; {@code current} names the section shown. */
    static Viewer viewer(SignedIn signedIn, Organization organization, String current) {
        return viewer(signedIn, nav(signedIn.member(), organization.id(), current));
    }

    private static Viewer viewer(SignedIn signedIn, List<NavLink> nav) {
        Member member = signedIn.member();
        Member impersonator = signedIn.impersonator();
        Impersonation impersonation = signedIn.session().impersonation();
        return new Viewer(
                member.name(),
                member.email(),
                roleOf(member),
                signedIn.session().csrfToken(),
                member.superUser(),
                nav,
                impersonator == null || impersonation == null
                        ? null
                        : new Acting(
                                member.name(),
                                member.email(),
                                impersonator.email(),
                                impersonation.reason(),
                                UNTIL.format(impersonation.until())),
                false);
    }

    /**
     * The sections of an organization the member may open.
     */
    static List<NavLink> nav(Member member, OrganizationId organization, String current) {
        Principal principal = Principal.of(member, organization, RequestContext.NONE);
        String base = "/orgs/" + organization.value();
        var links = new ArrayList<NavLink>();
        if (principal.may(Permission.LOG_READ)) {
            links.add(new NavLink("Log", base + "/log", current.equals("log")));
        }
        if (principal.may(Permission.MEMBERS_READ)) {
            links.add(new NavLink("Members", base + "/members", current.equals("members")));
        }
        if (principal.may(Permission.MEMBERS_READ)) {
            links.add(new NavLink("Groups", base + "/groups", current.equals("groups")));
            links.add(new NavLink("Workspaces", base + "/workspaces", current.equals("workspaces")));
        }
        if (principal.may(Permission.ORG_MANAGE)) {
            links.add(new NavLink("Settings", base + "/settings", current.equals("settings")));
        }
        if (principal.may(Permission.API_ACCESS_MANAGE)) {
            links.add(new NavLink("API keys", base + "/api-keys", current.equals("api-keys")));
            links.add(new NavLink("Apps", base + "/apps", current.equals("apps")));
            links.add(new NavLink("Directory", base + "/directory", current.equals("directory")));
        }
        return links;
    }

    private static String roleOf(Member member) {
        return member.superUser()
                ? "super-user"
                : member.role() == null ? "none" : member.role().wire();
    }

    private void message(ServerResponse response, SignedIn viewer, int status, String title, String text) {
        templates.send(response, status, "message.jte", "page", new Message(viewer(viewer), title, text, status));
    }

    /**
     * A parameter that may be echoed in a response header ({@code next} becomes {@code Location}): refused when it
     * holds a control character, as CR and LF would end the header, before anything is recorded.
     */
    static String headerSafe(String parameter, String value) {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw Problem.badParameter(parameter, "must not contain control characters such as CR or LF");
        }
        return value;
    }

    /**
     * Where to go after signing in: a path of this console, or {@code ""} (the landing page) for anything else, so that
     * an attacker's link cannot bounce a fresh session to another site. Browsers drop tabs and line breaks from a
     * URL and read a backslash as a slash, so {@code /<TAB>/evil.example} and {@code /\evil.example} mean
     * {@code //evil.example} to them: the text must be visible ASCII without a backslash, parse as a URI reference
     * without scheme or authority, and its path, decoded, must hold no {@code //}, no dot segment, no backslash, no
     * control, space or bidirectional character. What is returned is the parsed path and query, re-serialized.
     */
    static String safeNext(String next) {
        if (next.isEmpty() || next.length() > 2048 || !next.startsWith("/") || next.startsWith("//")) {
            return "";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '\\') {
                return "";
            }
        }
        URI uri;
        try {
            uri = new URI(next);
        } catch (URISyntaxException e) {
            return "";
        }
        String path = uri.getPath();
        if (uri.getScheme() != null
                || uri.getRawAuthority() != null
                || path == null
                || !path.startsWith("/")
                || path.contains("//")) {
            return "";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\'
                    || Character.isISOControl(c)
                    || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || BidiControls.contains(c)) {
                return "";
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "";
            }
        }
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    static void redirect(ServerResponse response, String location) {
        redirect(null, response, location);
    }

    /**
     * A redirect that also works for htmx requests: those follow a 303 silently and would swap the target page's
     * fragment in, so they are told to navigate instead ({@code HX-Redirect}).
     */
    static void redirect(@Nullable ServerRequest request, ServerResponse response, String location) {
        if (request != null && request.headers().contains(HeaderNames.create("HX-Request"))) {
            response.header(HeaderNames.create("HX-Redirect"), location);
            response.status(Status.OK_200);
            response.send();
            return;
        }
        response.status(Status.SEE_OTHER_303);
        response.header(HeaderNames.LOCATION, location);
        response.send();
    }

    private static byte[] resource(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing console asset " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
