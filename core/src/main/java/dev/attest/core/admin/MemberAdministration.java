package dev.attest.core.admin;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.store.Storage;
import dev.attest.core.store.Transaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The members of an organization as its owners and admins manage them: role changes ({@code user.roleChange}),
 * disabling ({@code user.disable}, which ends the member's sessions at once) and ending a member's sessions
 * ({@code auth.session.deleteAll}). The rules of DESIGN.md §7 hold here, for
 * the console and the API alike: an admin cannot touch owners nor make anyone an owner, and the last active owner
 * cannot be demoted or disabled. A refusal of a known member is recorded with outcome {@code failure} and then thrown
 * as {@link ForbiddenException}. Thread-safe.
 */
public final class MemberAdministration {
    private final Storage storage;
    private final Recorder recorder;

    public MemberAdministration(Storage storage, Recorder recorder) {
        this.storage = storage;
        this.recorder = recorder;
    }

    /**
     * A change of one member; {@code null} leaves a field as it is.
     *
     * @param disabled {@code true} disables the member; {@code false} on a disabled member is a conflict
     * @param workspaces every workspace the member is to have access to directly (not through a group); the pointer
     *     of each in a request is {@code /workspaces/i}
     */
    public record MemberChange(
            @Nullable Role role,
            @Nullable Boolean disabled,
            @Nullable List<String> workspaces) {

        public MemberChange(@Nullable Role role, @Nullable Boolean disabled) {
            this(role, disabled, null);
        }
    }

    /**
     * The organization's members, oldest first.
     *
     * @throws ForbiddenException without {@link Permission#MEMBERS_READ}
     */
    public List<Member> list(Principal principal) {
        principal.require(Permission.MEMBERS_READ);
        return storage.members().list(principal.organization());
    }

    /**
     * The member with this id in the principal's organization.
     *
     * @throws ForbiddenException without {@link Permission#MEMBERS_READ}
     * @throws NotFoundException if the organization has no such member
     */
    public Member find(Principal principal, String memberId) {
        principal.require(Permission.MEMBERS_READ);
        return inOrganization(storage.members().find(memberId), principal.organization(), memberId);
    }

    /**
     * Applies {@code change} to a member and records one event per effective change, all in one transaction; a change
     * to what the member already is records nothing.
     *
     * @return the member as they are now
     * @throws NotFoundException if the organization has no such member
     * @throws ForbiddenException if a rule refuses the change; the refusal is recorded, nothing is changed
     * @throws ConflictException when asked to enable a disabled member (the catalog has no event for it)
     */
    public Member change(Principal principal, String memberId, MemberChange change) {
        Optional<ForbiddenException> refusal = storage.inTransaction(tx -> {
            OrganizationId org = principal.organization();
            if (tx.organizations().findForUpdate(org).isEmpty()) {
                throw new NotFoundException("organization", org.value());
            }
            Member member = inOrganization(tx.members().find(memberId), org, memberId);
            Role requested = change.role();
            Role to = requested != null && requested != member.role() ? requested : null;
            boolean disables = Boolean.TRUE.equals(change.disabled()) && !member.disabled();
            if (Boolean.FALSE.equals(change.disabled()) && member.disabled()) {
                principal.require(Permission.MEMBERS_MANAGE);
                throw new ConflictException("member " + memberId + " is disabled, and a disabled member is not enabled"
                        + " again: invite the person anew");
            }
            if (to != null) {
                Optional<ForbiddenException> refused = roleChangeRefusal(tx, principal, member, to);
                if (refused.isPresent()) {
                    recorder.record(
                            tx,
                            principal,
                            "user.roleChange",
                            target(member),
                            Outcome.FAILURE,
                            roleChange(member, to, refused.get()));
                    return refused;
                }
            }
            if (disables) {
                Optional<ForbiddenException> refused = disableRefusal(tx, principal, member);
                if (refused.isPresent()) {
                    recorder.record(
                            tx,
                            principal,
                            "user.disable",
                            target(member),
                            Outcome.FAILURE,
                            disable(member, refused.get(), 0));
                    return refused;
                }
            }
            List<String> workspaces = change.workspaces();
            Map<String, Object> access = Map.of();
            if (workspaces != null) {
                Optional<ForbiddenException> refused = accessRefusal(principal, member);
                if (refused.isPresent()) {
                    var payload = new LinkedHashMap<String, Object>();
                    payload.put("changes", Map.of("workspaces", Map.of("requested", List.copyOf(workspaces))));
                    payload.put("email", member.email());
                    payload.put("reason", refused.get().code());
                    recorder.record(tx, principal, "user.accessChange", target(member), Outcome.FAILURE, payload);
                    return refused;
                }
                GroupAdministration.requireWorkspaces(tx, org, workspaces);
                access = GroupAdministration.accessChanges(
                        tx.workspaces().ofMember(member.id()), new TreeSet<>(workspaces));
            }
            if (to == null && !disables && workspaces == null) {
                principal.require(Permission.MEMBERS_MANAGE);
            }
            if (to != null) {
                tx.members().changeRole(member.id(), to);
                recorder.record(
                        tx,
                        principal,
                        "user.roleChange",
                        target(member),
                        Outcome.SUCCESS,
                        roleChange(member, to, null));
            }
            if (disables) {
                tx.members().disable(member.id());
                int ended = tx.sessions().deleteAll(member.id());
                recorder.record(
                        tx, principal, "user.disable", target(member), Outcome.SUCCESS, disable(member, null, ended));
            }
            if (!access.isEmpty() && workspaces != null) {
                tx.workspaces().replaceOfMember(member.id(), new TreeSet<>(workspaces));
                var payload = new LinkedHashMap<String, Object>();
                payload.put("changes", access);
                payload.put("email", member.email());
                recorder.record(tx, principal, "user.accessChange", target(member), Outcome.SUCCESS, payload);
            }
            return Optional.<ForbiddenException>empty();
        });
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        return storage.members().find(memberId).orElseThrow(() -> new NotFoundException("member", memberId));
    }

    /**
     * Ends every console session of a member at once, as after a lost laptop, and records
     * {@code auth.session.deleteAll} with how many ended, in the same transaction.
     *
     * @return how many sessions ended
     * @throws NotFoundException if the organization has no such member
     * @throws ForbiddenException without {@link Permission#MEMBERS_MANAGE}, or for an owner's sessions without
     *     {@link Permission#OWNERS_MANAGE}; the refusal is recorded, no session ends
     */
    public int endSessions(Principal principal, String memberId) {
        record Ended(int count, @Nullable ForbiddenException refused) {}
        Ended ended = storage.inTransaction(tx -> {
            OrganizationId org = principal.organization();
            if (tx.organizations().findForUpdate(org).isEmpty()) {
                throw new NotFoundException("organization", org.value());
            }
            Member member = inOrganization(tx.members().find(memberId), org, memberId);
            Optional<ForbiddenException> refused = manageRefusal(principal, member, "end an owner's sessions");
            int count = refused.isPresent() ? 0 : tx.sessions().deleteAll(member.id());
            var payload = new LinkedHashMap<String, Object>();
            payload.put("email", member.email());
            payload.put("count", (long) count);
            refused.ifPresent(r -> payload.put("reason", r.code()));
            recorder.record(
                    tx,
                    principal,
                    "auth.session.deleteAll",
                    target(member),
                    refused.isPresent() ? Outcome.FAILURE : Outcome.SUCCESS,
                    payload);
            return new Ended(count, refused.orElse(null));
        });
        if (ended.refused() != null) {
            throw ended.refused();
        }
        return ended.count();
    }

    /**
     * The workspaces a member has access to directly (not through a group), sorted.
     *
     * @throws ForbiddenException without {@link Permission#MEMBERS_READ}
     * @throws NotFoundException if the organization has no such member
     */
    public List<String> workspaces(Principal principal, String memberId) {
        find(principal, memberId);
        return storage.workspaces().ofMember(memberId);
    }

    /** Why the principal may not change this member's workspaces: no right to, or an owner without theirs. */
    private static Optional<ForbiddenException> accessRefusal(Principal principal, Member member) {
        if (!principal.may(Permission.WORKSPACES_MANAGE)) {
            return Optional.of(ForbiddenException.missing(principal, Permission.WORKSPACES_MANAGE));
        }
        if (member.role() == Role.OWNER && !principal.may(Permission.OWNERS_MANAGE)) {
            return Optional.of(new ForbiddenException("owner-only", "only an owner may change an owner's access"));
        }
        return Optional.empty();
    }

    /** Why the principal may not act on this member at all: no right to manage members, or an owner without theirs. */
    private static Optional<ForbiddenException> manageRefusal(Principal principal, Member member, String what) {
        if (!principal.may(Permission.MEMBERS_MANAGE)) {
            return Optional.of(ForbiddenException.missing(principal, Permission.MEMBERS_MANAGE));
        }
        if (member.role() == Role.OWNER && !principal.may(Permission.OWNERS_MANAGE)) {
            return Optional.of(new ForbiddenException("owner-only", "only an owner may " + what));
        }
        return Optional.empty();
    }

    private static Optional<ForbiddenException> roleChangeRefusal(
            Transaction tx, Principal principal, Member member, Role to) {
        if (!principal.may(Permission.MEMBERS_MANAGE)) {
            return Optional.of(ForbiddenException.missing(principal, Permission.MEMBERS_MANAGE));
        }
        if ((member.role() == Role.OWNER || to == Role.OWNER) && !principal.may(Permission.OWNERS_MANAGE)) {
            return Optional.of(new ForbiddenException(
                    "owner-only", "only an owner may change an owner's role or make someone an owner"));
        }
        if (member.role() == Role.OWNER
                && !member.disabled()
                && tx.members().countActiveOwners(principal.organization()) <= 1) {
            return Optional.of(lastOwner("demoted"));
        }
        return Optional.empty();
    }

    private static Optional<ForbiddenException> disableRefusal(Transaction tx, Principal principal, Member member) {
        Optional<ForbiddenException> refused = manageRefusal(principal, member, "disable an owner");
        if (refused.isPresent()) {
            return refused;
        }
        if (member.role() == Role.OWNER && tx.members().countActiveOwners(principal.organization()) <= 1) {
            return Optional.of(lastOwner("disabled"));
        }
        return Optional.empty();
    }

    private static ForbiddenException lastOwner(String what) {
        return new ForbiddenException(
                "last-owner",
                "the organization's last owner cannot be " + what + ": make another member an owner first");
    }

    private static Map<String, Object> roleChange(Member member, Role to, @Nullable ForbiddenException refused) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("email", member.email());
        payload.put("from", member.role() == null ? "none" : member.role().wire());
        payload.put("to", to.wire());
        if (refused != null) {
            payload.put("reason", refused.code());
        }
        return payload;
    }

    private static Map<String, Object> disable(Member member, @Nullable ForbiddenException refused, int sessionsEnded) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("email", member.email());
        if (refused != null) {
            payload.put("reason", refused.code());
        } else {
            payload.put("sessions_ended", (long) sessionsEnded);
        }
        return payload;
    }

    static Target target(Member member) {
        return new Target("user", member.id(), member.name());
    }

    private static Member inOrganization(Optional<Member> found, OrganizationId org, String memberId) {
        return found.filter(m -> org.equals(m.organization()))
                .orElseThrow(() -> new NotFoundException("member", memberId));
    }
}
