package dev.attest.core.admin;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.RequestContext;
import dev.attest.core.event.Target;
import dev.attest.core.mail.Mail;
import dev.attest.core.mail.Mailer;
import dev.attest.core.member.Group;
import dev.attest.core.member.Invitation;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.org.Organization;
import dev.attest.core.store.Storage;
import dev.attest.core.store.Transaction;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Invitations by email (DESIGN.md §7): invite ({@code user.invite}), resend ({@code user.invite.resend}), revoke
 * ({@code user.invite.revoke}), each recorded in the transaction that makes the change, and the mail sent once it
 * committed; and accepting, where the person behind a link sets a name and password and becomes a member. A link is
 * single use and valid 7 days; only its token's SHA-256 is stored. Inviting needs {@link Permission#MEMBERS_MANAGE},
 * and inviting an owner (or resending or revoking an owner's invitation) {@link Permission#OWNERS_MANAGE}; a refusal of
 * someone of the organization is recorded with outcome {@code failure}. Thread-safe.
 */
public final class InvitationAdministration {
    /** How long an invitation's link works. */
    public static final Duration VALID = Duration.ofDays(7);

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int LISTED = 200;

    private final Storage storage;
    private final Recorder recorder;
    private final MailDelivery delivery;
    private final Supplier<String> baseUrl;
    private final Clock clock;
    private final IdGenerator ids;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param baseUrl the console's public address without a trailing slash, e.g. {@code https://audit.example.com};
     *     asked at each mail, so it may depend on the port bound at start
     */
    public InvitationAdministration(
            Storage storage, Recorder recorder, Mailer mailer, Supplier<String> baseUrl, Clock clock) {
        this.storage = storage;
        this.recorder = recorder;
        this.delivery = new MailDelivery(mailer);
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.ids = new IdGenerator(clock);
    }

    /**
     * An invitation and how its mail went.
     *
     * @param delivery {@code smtp}, {@code outbox} or {@code failed} (then resend it)
     */
    public record Sent(Invitation invitation, String delivery) {}

    /** Why a link does not open. */
    public enum Unusable {
        /** No invitation has this link (it was mistyped, or replaced by a resend). */
        UNKNOWN,
        EXPIRED,
        REVOKED,
        /** Accepted already: a link works once. */
        USED
    }

    /** A link that cannot be used, and why; the console shows a page for each reason. */
    public static final class UnusableLinkException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final Unusable reason;

        public UnusableLinkException(Unusable reason) {
            super("the invitation link is " + reason.name().toLowerCase(java.util.Locale.ROOT));
            this.reason = reason;
        }

        public Unusable reason() {
            return reason;
        }
    }

    /** Why {@code email} is not an address an invitation can go to, if it is not. */
    public static Optional<String> emailProblem(String email) {
        if (email.isBlank()) {
            return Optional.of("is required");
        }
        if (email.length() > 320 || !EMAIL.matcher(email).matches()) {
            return Optional.of("must be an email address such as ada@example.com");
        }
        return Optional.empty();
    }

    /**
     * The organization's invitations, newest first (at most 200).
     *
     * @throws ForbiddenException without {@link Permission#MEMBERS_READ}
     */
    public List<Invitation> list(Principal principal) {
        principal.require(Permission.MEMBERS_READ);
        return storage.invitations().list(principal.organization(), LISTED);
    }

    /**
     * Invites {@code email} with {@code role}, records {@code user.invite}, and then mails the link.
     *
     * @param groups ids of the organization's groups that the person joins on accepting
     * @throws IllegalArgumentException if the email is not an address (check {@link #emailProblem} first)
     * @throws InvalidChangeException if a group is not one of the organization's (its pointer is {@code /groups/i});
     *     nothing is stored nor recorded
     * @throws ForbiddenException if a rule refuses it; recorded, nothing else changes
     * @throws ConflictException if the email belongs to an account already, or has a pending invitation here
     */
    public Sent invite(Principal principal, String email, Role role, List<String> groups) {
        String address = email.strip();
        emailProblem(address).ifPresent(problem -> {
            throw new IllegalArgumentException("email " + problem);
        });
        String token = SecretTokens.generate(random);
        Instant now = clock.instant();
        var invitation = new Invitation(
                "inv_" + ids.ulid(),
                principal.organization(),
                address,
                role,
                groups,
                principal.id() == null ? principal.type().wire() : principal.id(),
                SecretTokens.hash(token),
                Invitation.Status.PENDING,
                now,
                now.plus(VALID),
                null);
        Decision<Organization> done = storage.inTransaction(tx -> {
            Organization org = organization(tx, principal);
            Target target = new Target("invitation", null, address);
            Optional<ForbiddenException> refused = refusal(principal, role);
            if (refused.isPresent()) {
                recorder.record(
                        tx,
                        principal,
                        "user.invite",
                        target,
                        Outcome.FAILURE,
                        payload(address, role, groups, refused.get()));
                return Decision.refused(refused.get());
            }
            if (tx.members().findByEmail(address).isPresent()) {
                throw new ConflictException(address + " has an account already; an email belongs to one account");
            }
            Optional<Invitation> pending = tx.invitations().findPending(principal.organization(), address);
            if (pending.isPresent()) {
                throw new ConflictException(
                        address + " has a pending invitation (" + pending.get().id() + "): resend it instead");
            }
            for (int i = 0; i < groups.size(); i++) {
                String id = groups.get(i);
                boolean ours = tx.groups()
                        .find(id)
                        .filter(g -> g.organization().equals(principal.organization()))
                        .isPresent();
                if (!ours) {
                    throw new InvalidChangeException(
                            "/groups/" + i, "groups/" + i + " must be a group of this organization; " + id + " is not");
                }
            }
            tx.invitations().create(invitation);
            recorder.record(
                    tx,
                    principal,
                    "user.invite",
                    target(invitation),
                    Outcome.SUCCESS,
                    payload(address, role, groups, null));
            return Decision.done(org);
        });
        Organization org = done.orThrow();
        return new Sent(invitation, delivery.send(mail(org, principal, address, token), "an invitation"));
    }

    /**
     * Gives a pending invitation a new link, valid 7 days from now (the old link stops working), records
     * {@code user.invite.resend}, and mails it.
     *
     * @throws NotFoundException if the organization has no such invitation
     * @throws ForbiddenException if a rule refuses it; recorded
     * @throws ConflictException if it was accepted or revoked
     */
    public Sent resend(Principal principal, String invitationId) {
        String token = SecretTokens.generate(random);
        Instant expires = clock.instant().plus(VALID);
        Decision<Organization> done = storage.inTransaction(tx -> {
            Organization org = organization(tx, principal);
            Invitation invitation = inOrganization(tx, principal.organization(), invitationId);
            Optional<ForbiddenException> refused = refusal(principal, invitation.role());
            if (refused.isPresent()) {
                recorder.record(
                        tx,
                        principal,
                        "user.invite.resend",
                        target(invitation),
                        Outcome.FAILURE,
                        Map.of(
                                "email",
                                invitation.email(),
                                "reason",
                                refused.get().code()));
                return Decision.refused(refused.get());
            }
            if (!tx.invitations().renew(invitation.id(), SecretTokens.hash(token), expires)) {
                throw notPending(invitation, "resent");
            }
            recorder.record(
                    tx,
                    principal,
                    "user.invite.resend",
                    target(invitation),
                    Outcome.SUCCESS,
                    Map.of("email", invitation.email()));
            return Decision.done(org);
        });
        Organization org = done.orThrow();
        Invitation renewed = storage.invitations().find(invitationId).orElseThrow();
        return new Sent(renewed, delivery.send(mail(org, principal, renewed.email(), token), "an invitation"));
    }

    /**
     * Revokes a pending invitation: its link stops working. Records {@code user.invite.revoke}.
     *
     * @return the invitation as it is now
     * @throws NotFoundException if the organization has no such invitation
     * @throws ForbiddenException if a rule refuses it; recorded
     * @throws ConflictException if it was accepted or revoked already
     */
    public Invitation revoke(Principal principal, String invitationId) {
        Decision<Organization> done = storage.inTransaction(tx -> {
            Organization org = organization(tx, principal);
            Invitation invitation = inOrganization(tx, principal.organization(), invitationId);
            Optional<ForbiddenException> refused = refusal(principal, invitation.role());
            var payload = new LinkedHashMap<String, Object>();
            payload.put("email", invitation.email());
            refused.ifPresent(r -> payload.put("reason", r.code()));
            if (refused.isEmpty() && !tx.invitations().revoke(invitation.id())) {
                throw notPending(invitation, "revoked");
            }
            recorder.record(
                    tx,
                    principal,
                    "user.invite.revoke",
                    target(invitation),
                    refused.isPresent() ? Outcome.FAILURE : Outcome.SUCCESS,
                    payload);
            return refused.isPresent() ? Decision.<Organization>refused(refused.get()) : Decision.done(org);
        });
        done.orThrow();
        return storage.invitations().find(invitationId).orElseThrow();
    }

    /**
     * The invitation a link opens, if it can still be accepted now.
     *
     * @throws UnusableLinkException why it cannot
     */
    public Invitation open(String token) {
        Optional<Invitation> found = SecretTokens.looksLikeToken(token)
                ? storage.invitations().findByTokenHash(SecretTokens.hash(token))
                : Optional.empty();
        return usable(found);
    }

    /**
     * Accepts an invitation: creates the member with the invitation's role, in the same transaction that uses the
     * link up, and adds them to the invitation's groups that still exist, each recorded as
     * {@code group.membersChange} with the invitation as a {@code system} actor (the inviter chose the groups: that
     * is recorded in {@code user.invite}). Accepting itself is not a catalog action; the new member's sign-in is
     * recorded as any other.
     *
     * @param passwordHash the chosen password, hashed (check it against the {@link PasswordPolicy} first)
     * @return the new member
     * @throws UnusableLinkException if the link is unknown, expired, revoked or used, also by a concurrent accept
     * @throws ConflictException if the email got an account meanwhile
     */
    public Member accept(String token, String name, String passwordHash) {
        return storage.inTransaction(tx -> {
            Optional<Invitation> found = SecretTokens.looksLikeToken(token)
                    ? tx.invitations().findByTokenHash(SecretTokens.hash(token))
                    : Optional.empty();
            Invitation invitation = usable(found);
            if (tx.members().findByEmail(invitation.email()).isPresent()) {
                throw new ConflictException(invitation.email() + " has an account already; sign in with it");
            }
            var member = new Member(
                    "usr_" + ids.ulid(),
                    invitation.organization(),
                    invitation.email(),
                    name.strip(),
                    invitation.role(),
                    false,
                    passwordHash,
                    false,
                    clock.instant());
            tx.members().create(member);
            if (!tx.invitations().accept(invitation.id(), member.id())) {
                throw new UnusableLinkException(Unusable.USED);
            }
            joinGroups(tx, invitation, member);
            return member;
        });
    }

    private void joinGroups(Transaction tx, Invitation invitation, Member member) {
        var system = new Principal(
                ActorType.SYSTEM,
                null,
                "Invitation " + invitation.id(),
                null,
                null,
                invitation.organization(),
                RequestContext.NONE,
                java.util.Set.of());
        for (String id : invitation.groups()) {
            Optional<Group> group =
                    tx.groups().find(id).filter(g -> g.organization().equals(invitation.organization()));
            if (group.isEmpty() || group.get().members().contains(member.id())) {
                // Deleted since the invitation: there is nothing to join.
                continue;
            }
            tx.groups().changeMembers(id, List.of(member.id()), List.of());
            var payload = new LinkedHashMap<String, Object>();
            payload.put("added", 1L);
            payload.put("removed", 0L);
            payload.put("added_member_ids", List.of(member.id()));
            payload.put("removed_member_ids", List.of());
            payload.put("invitation_id", invitation.id());
            recorder.record(
                    tx,
                    system,
                    "group.membersChange",
                    new Target("group", id, group.get().name()),
                    Outcome.SUCCESS,
                    payload);
        }
    }

    private Invitation usable(Optional<Invitation> found) {
        if (found.isEmpty()) {
            throw new UnusableLinkException(Unusable.UNKNOWN);
        }
        Invitation invitation = found.get();
        return switch (invitation.status()) {
            case ACCEPTED -> throw new UnusableLinkException(Unusable.USED);
            case REVOKED -> throw new UnusableLinkException(Unusable.REVOKED);
            case PENDING -> {
                if (!invitation.usableAt(clock.instant())) {
                    throw new UnusableLinkException(Unusable.EXPIRED);
                }
                yield invitation;
            }
        };
    }

    private Mail mail(Organization org, Principal principal, String to, String token) {
        String inviter = principal.name() != null ? principal.name() : principal.describe();
        String link = baseUrl.get() + "/invitations/" + token;
        return new Mail(
                to,
                "You are invited to " + org.name() + " on Attest",
                inviter + " invited you to join " + org.name() + " on Attest, its audit log.\n\n"
                        + "Open this link within 7 days to choose your name and password:\n\n"
                        + link + "\n\n"
                        + "The link works once. If you did not expect this invitation, ignore this message.\n");
    }

    private static Optional<ForbiddenException> refusal(Principal principal, Role role) {
        if (!principal.may(Permission.MEMBERS_MANAGE)) {
            return Optional.of(ForbiddenException.missing(principal, Permission.MEMBERS_MANAGE));
        }
        if (role == Role.OWNER && !principal.may(Permission.OWNERS_MANAGE)) {
            return Optional.of(new ForbiddenException("owner-only", "only an owner may invite an owner"));
        }
        return Optional.empty();
    }

    private static Organization organization(Transaction tx, Principal principal) {
        OrganizationId org = principal.organization();
        return tx.organizations()
                .findForUpdate(org)
                .orElseThrow(() -> new NotFoundException("organization", org.value()));
    }

    private static Invitation inOrganization(Transaction tx, OrganizationId org, String id) {
        return tx.invitations()
                .find(id)
                .filter(i -> org.equals(i.organization()))
                .orElseThrow(() -> new NotFoundException("invitation", id));
    }

    private static ConflictException notPending(Invitation invitation, String what) {
        return new ConflictException("invitation " + invitation.id() + " is "
                + invitation.status().wire() + " and cannot be " + what + "; invite the person anew");
    }

    private static Target target(Invitation invitation) {
        return new Target("invitation", invitation.id(), invitation.email());
    }

    private static Map<String, Object> payload(
            String email, Role role, List<String> groups, @Nullable ForbiddenException refused) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("email", email);
        payload.put("role", role.wire());
        if (!groups.isEmpty()) {
            payload.put("groups", groups);
        }
        if (refused != null) {
            payload.put("reason", refused.code());
        }
        return payload;
    }

    /** What a transaction decided: done with a value, or refused (the refusal was recorded and must be thrown). */
    private record Decision<T>(@Nullable T value, @Nullable ForbiddenException refusal) {
        static <T> Decision<T> done(T value) {
            return new Decision<>(value, null);
        }

        static <T> Decision<T> refused(ForbiddenException refusal) {
            return new Decision<>(null, refusal);
        }

        T orThrow() {
            if (refusal != null) {
                throw refusal;
            }
            return java.util.Objects.requireNonNull(value);
        }
    }
}
