package dev.attest.core.admin;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import dev.attest.core.mail.Mail;
import dev.attest.core.mail.Mailer;
import dev.attest.core.member.Member;
import dev.attest.core.member.PasswordReset;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.store.Storage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Passwords (DESIGN.md §7, issue 12): a member changes their own with the current one
 * ({@code auth.password.selfChange}, their other sessions end); an owner or admin sets another member's
 * ({@code auth.password.adminChange}, all of that member's sessions end); a forgotten password is reset through a
 * single-use link mailed to the account's address and valid 30 minutes ({@code auth.password.resetRequest},
 * {@code auth.password.resetComplete}, every session ends). A request answers the same whether or not the address has
 * an account; one for an unknown address is recorded in the installation's log. Every new password passes the
 * {@link PasswordPolicy} before anything changes. Events are recorded in the member's organization's log (the
 * installation's for super-users), in the transaction of the change. Thread-safe.
 */
public final class PasswordAdministration {
    /** How long a reset link works. */
    public static final Duration RESET_VALID = Duration.ofMinutes(30);

    private final Storage storage;
    private final Recorder recorder;
    private final MailDelivery delivery;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Supplier<String> baseUrl;
    private final OrganizationId installation;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param baseUrl the console's public address without a trailing slash
     * @param installation the installation's own organization, whose log records what happens outside any other
     */
    public PasswordAdministration(
            Storage storage,
            Recorder recorder,
            Mailer mailer,
            PasswordHasher hasher,
            PasswordPolicy policy,
            Supplier<String> baseUrl,
            OrganizationId installation,
            Clock clock) {
        this.storage = storage;
        this.recorder = recorder;
        this.delivery = new MailDelivery(mailer);
        this.hasher = hasher;
        this.policy = policy;
        this.baseUrl = baseUrl;
        this.installation = installation;
        this.clock = clock;
    }

    /** Why a reset link does not open. */
    public static final class ResetLinkException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final boolean expired;

        ResetLinkException(boolean expired) {
            super(expired ? "the reset link has expired" : "the reset link is not valid or was used already");
            this.expired = expired;
        }

        /** Whether the link existed but is past its 30 minutes; otherwise it is unknown or used. */
        public boolean expired() {
            return expired;
        }
    }

    /**
     * Changes the signed-in member's own password and ends their other sessions.
     *
     * @param keptSessionHash the token hash of the session asking, which stays
     * @return how many other sessions ended
     * @throws WeakPasswordException if {@code next} breaks the policy; nothing recorded
     * @throws ForbiddenException with code {@code invalid-password} if {@code current} is wrong; recorded as a failure
     */
    public int changeOwn(Member member, String current, String next, String keptSessionHash, RequestContext context) {
        requireStrong(next, member.email());
        Principal self = self(member, context);
        boolean right = hasher.matches(current, member.passwordHash());
        String hash = right ? hasher.hash(next) : "";
        int ended = storage.inTransaction(tx -> {
            var payload = new LinkedHashMap<String, Object>();
            payload.put("email", member.email());
            if (!right) {
                payload.put("reason", "invalid_password");
                recorder.record(tx, self, "auth.password.selfChange", target(member), Outcome.FAILURE, payload);
                return -1;
            }
            tx.members().changePassword(member.id(), hash);
            tx.passwordResets().deleteAll(member.id());
            int count = tx.sessions().deleteAllExcept(member.id(), keptSessionHash);
            payload.put("sessions_ended", (long) count);
            recorder.record(tx, self, "auth.password.selfChange", target(member), Outcome.SUCCESS, payload);
            return count;
        });
        if (ended < 0) {
            throw new ForbiddenException("invalid-password", "the current password is not right");
        }
        return ended;
    }

    /**
     * Sets another member's password (an owner or admin, or the organization's API key) and ends all of their
     * sessions; records {@code auth.password.adminChange}.
     *
     * @return how many of the member's sessions ended
     * @throws WeakPasswordException if {@code next} breaks the policy; nothing recorded
     * @throws NotFoundException if the organization has no such member
     * @throws ForbiddenException without {@link Permission#MEMBERS_MANAGE}, or for an owner without
     *     {@link Permission#OWNERS_MANAGE}; recorded as a failure
     */
    public int setFor(Principal principal, String memberId, String next) {
        principal.requireNotImpersonating(memberId, "set the password");
        Member known = storage.members()
                .find(memberId)
                .filter(m -> principal.organization().equals(m.organization()))
                .orElse(null);
        if (known != null) {
            requireStrong(next, known.email());
        }
        String hash = hasher.hash(next);
        record Done(
                int count,
                @org.jspecify.annotations.Nullable ForbiddenException refused) {}
        Done done = storage.inTransaction(tx -> {
            OrganizationId org = principal.organization();
            if (tx.organizations().findForUpdate(org).isEmpty()) {
                throw new NotFoundException("organization", org.value());
            }
            Member member = tx.members()
                    .find(memberId)
                    .filter(m -> org.equals(m.organization()))
                    .orElseThrow(() -> new NotFoundException("member", memberId));
            Optional<ForbiddenException> refused = refusal(principal, member);
            var payload = new LinkedHashMap<String, Object>();
            payload.put("email", member.email());
            int count = 0;
            if (refused.isPresent()) {
                payload.put("reason", refused.get().code());
            } else {
                tx.members().changePassword(member.id(), hash);
                tx.passwordResets().deleteAll(member.id());
                count = tx.sessions().deleteAll(member.id());
                payload.put("sessions_ended", (long) count);
            }
            recorder.record(
                    tx,
                    principal,
                    "auth.password.adminChange",
                    target(member),
                    refused.isPresent() ? Outcome.FAILURE : Outcome.SUCCESS,
                    payload);
            return new Done(count, refused.orElse(null));
        });
        if (done.refused() != null) {
            throw done.refused();
        }
        return done.count();
    }

    /**
     * Asks for a reset link for {@code email}: when an active account has it, records
     * {@code auth.password.resetRequest} in its log and mails the link; otherwise records the request in the
     * installation's log and mails nothing. The caller answers the same in both cases.
     *
     * @param email a syntactically valid address (see {@link InvitationAdministration#emailProblem})
     */
    public void requestReset(String email, RequestContext context) {
        String address = email.strip();
        Optional<Member> found = storage.members()
                .findByEmail(address)
                .filter(m -> !m.disabled())
                // A deleted organization's members have no account any more (ADR 0010).
                .filter(m -> m.organization() == null
                        || storage.organizations()
                                .find(m.organization())
                                .filter(o -> !o.deleted())
                                .isPresent());
        Principal asker = new Principal(ActorType.UNKNOWN, null, null, null, null, installation, context, Set.of());
        if (found.isEmpty()) {
            // The installation's log exists once a super-user does (attest serve makes both); without it there is
            // nowhere to record, and the answer must still be the same.
            if (storage.organizations().find(installation).isEmpty()) {
                return;
            }
            storage.inTransaction(tx -> recorder.record(
                    tx,
                    asker,
                    "auth.password.resetRequest",
                    new Target("user", null, address),
                    Outcome.FAILURE,
                    Map.of("email", address, "reason", "unknown_email")));
            return;
        }
        Member member = found.get();
        String token = SecretTokens.generate(random);
        Instant now = clock.instant();
        storage.inTransaction(tx -> {
            tx.passwordResets()
                    .create(new PasswordReset(SecretTokens.hash(token), member.id(), now, now.plus(RESET_VALID)));
            return recorder.record(
                    tx,
                    new Principal(ActorType.UNKNOWN, null, null, null, null, logOf(member), context, Set.of()),
                    "auth.password.resetRequest",
                    target(member),
                    Outcome.SUCCESS,
                    Map.of("email", member.email()));
        });
        String link = baseUrl.get() + "/password-reset/" + token;
        delivery.send(
                new Mail(
                        member.email(),
                        "Reset your Attest password",
                        "Someone asked to reset the password of " + member.email() + " on Attest.\n\n"
                                + "Open this link within 30 minutes to choose a new password:\n\n"
                                + link + "\n\n"
                                + "The link works once, and every session of the account ends when it is used."
                                + " If you did not ask for this, ignore this message: your password stays as it is.\n"),
                "a password reset");
    }

    /**
     * The member a reset link is for, if it can still be used.
     *
     * @throws ResetLinkException if it is unknown, used or expired
     */
    public Member openReset(String token) {
        Optional<PasswordReset> reset = SecretTokens.looksLikeToken(token)
                ? storage.passwordResets().find(SecretTokens.hash(token))
                : Optional.empty();
        return member(reset);
    }

    /**
     * Sets a new password through a reset link, uses the link up and ends every session of the member; records
     * {@code auth.password.resetComplete} with the member as actor (the link proved who they are).
     *
     * @throws WeakPasswordException if {@code next} breaks the policy; the link stays usable
     * @throws ResetLinkException if the link is unknown, used (also by a concurrent request) or expired
     */
    public Member completeReset(String token, String next, RequestContext context) {
        Member before = openReset(token);
        requireStrong(next, before.email());
        String hash = hasher.hash(next);
        String tokenHash = SecretTokens.hash(token);
        return storage.inTransaction(tx -> {
            Member member = member(tx.passwordResets().find(tokenHash));
            if (!tx.passwordResets().use(tokenHash)) {
                throw new ResetLinkException(false);
            }
            tx.members().changePassword(member.id(), hash);
            tx.passwordResets().deleteAll(member.id());
            int ended = tx.sessions().deleteAll(member.id());
            recorder.record(
                    tx,
                    self(member, context),
                    "auth.password.resetComplete",
                    target(member),
                    Outcome.SUCCESS,
                    Map.of("email", member.email(), "sessions_ended", (long) ended));
            return member;
        });
    }

    private Member member(Optional<PasswordReset> reset) {
        if (reset.isEmpty()) {
            throw new ResetLinkException(false);
        }
        if (!clock.instant().isBefore(reset.get().expiresAt())) {
            throw new ResetLinkException(true);
        }
        return storage.members()
                .find(reset.get().memberId())
                .filter(m -> !m.disabled())
                .orElseThrow(() -> new ResetLinkException(false));
    }

    private void requireStrong(String password, String email) {
        policy.problem(password, email).ifPresent(rule -> {
            throw new WeakPasswordException(rule);
        });
    }

    private Principal self(Member member, RequestContext context) {
        return Principal.of(member, logOf(member), context);
    }

    private OrganizationId logOf(Member member) {
        OrganizationId org = member.organization();
        return org == null ? installation : org;
    }

    private static Optional<ForbiddenException> refusal(Principal principal, Member member) {
        if (!principal.may(Permission.MEMBERS_MANAGE)) {
            return Optional.of(ForbiddenException.missing(principal, Permission.MEMBERS_MANAGE));
        }
        if (member.role() == Role.OWNER && !principal.may(Permission.OWNERS_MANAGE)) {
            return Optional.of(new ForbiddenException("owner-only", "only an owner may set an owner's password"));
        }
        if (!principal.isMachine() && member.id().equals(principal.id())) {
            // A session alone must not replace its own password: that takes the current one.
            return Optional.of(new ForbiddenException(
                    "own-password", "change your own password at /account/password, with your current password"));
        }
        return Optional.empty();
    }

    private static Target target(Member member) {
        return MemberAdministration.target(member);
    }
}
