package dev.attest.core.admin;

import dev.attest.core.event.IdGenerator;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Target;
import dev.attest.core.member.Group;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Workspace;
import dev.attest.core.store.Storage;
import dev.attest.core.store.Transaction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The groups of an organization as its owners and admins manage them: create ({@code group.create}), rename
 * ({@code group.rename}), delete ({@code group.delete}), add and remove members ({@code group.membersChange}) and give
 * access to workspaces ({@code group.accessChange}). Each change is stored with its event in one transaction; a change
 * to what the group already is records nothing. A caller without {@link Permission#GROUPS_MANAGE} is refused: the
 * refusal is recorded with outcome {@code failure} and thrown as {@link ForbiddenException}. Thread-safe.
 */
public final class GroupAdministration {
    private final Storage storage;
    private final Recorder recorder;
    private final Clock clock;
    private final IdGenerator ids;

    public GroupAdministration(Storage storage, Recorder recorder, Clock clock) {
        this.storage = storage;
        this.recorder = recorder;
        this.clock = clock;
        this.ids = new IdGenerator(clock);
    }

    /**
     * What is wrong with a proposed group name, or empty when it is acceptable: 1 to {@value Group#MAX_NAME}
     * characters, not blank, no control characters.
     */
    public static Optional<String> nameProblem(String name) {
        if (name.isBlank()) {
            return Optional.of("name must not be blank");
        }
        if (name.codePointCount(0, name.length()) > Group.MAX_NAME) {
            return Optional.of("name must be at most " + Group.MAX_NAME + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("name must not contain control characters");
        }
        return Optional.empty();
    }

    /**
     * The organization's groups, oldest first.
     *
     * @throws ForbiddenException without {@link Permission#MEMBERS_READ}
     */
    public List<Group> list(Principal principal) {
        principal.require(Permission.MEMBERS_READ);
        return storage.groups().list(principal.organization());
    }

    /**
     * The group with this id in the principal's organization.
     *
     * @throws ForbiddenException without {@link Permission#MEMBERS_READ}
     * @throws NotFoundException if the organization has no such group
     */
    public Group find(Principal principal, String groupId) {
        principal.require(Permission.MEMBERS_READ);
        return inOrganization(storage.groups().find(groupId), principal.organization(), groupId);
    }

    /**
     * Creates an empty group and records {@code group.create}.
     *
     * @param name already validated ({@link #nameProblem}); leading and trailing blanks are dropped
     * @throws ConflictException if the organization has a group of that name (in any case)
     */
    public Group create(Principal principal, String name) {
        String wanted = name.strip();
        return change(tx -> {
            var payload = new LinkedHashMap<String, Object>();
            payload.put("name", wanted);
            Optional<ForbiddenException> refused = refusal(principal);
            if (refused.isPresent()) {
                return refuse(tx, principal, "group.create", new Target("group", null, wanted), payload, refused.get());
            }
            requireFreeName(tx, principal.organization(), wanted, null);
            var group = new Group(
                    "grp_" + ids.ulid(),
                    principal.organization(),
                    wanted,
                    dev.attest.core.event.EventParser.truncateToMicros(clock.instant()),
                    List.of(),
                    List.of());
            tx.groups().create(group);
            recorder.record(tx, principal, "group.create", target(group, wanted), Outcome.SUCCESS, payload);
            return new Done(group.id(), null);
        });
    }

    /**
     * Renames a group and records {@code group.rename} (from, to).
     *
     * @param name already validated ({@link #nameProblem})
     * @throws NotFoundException if the organization has no such group
     * @throws ConflictException if another group has that name
     */
    public Group rename(Principal principal, String groupId, String name) {
        String wanted = name.strip();
        return change(tx -> {
            Group group = lockedGroup(tx, principal, groupId);
            var payload = new LinkedHashMap<String, Object>();
            payload.put("from", group.name());
            payload.put("to", wanted);
            Optional<ForbiddenException> refused = refusal(principal);
            if (refused.isPresent()) {
                return refuse(tx, principal, "group.rename", target(group, group.name()), payload, refused.get());
            }
            if (!wanted.equals(group.name())) {
                requireFreeName(tx, principal.organization(), wanted, group.id());
                tx.groups().rename(group.id(), wanted);
                recorder.record(tx, principal, "group.rename", target(group, wanted), Outcome.SUCCESS, payload);
            }
            return new Done(group.id(), null);
        });
    }

    /**
     * Deletes a group, its memberships and the access it gave, and records {@code group.delete} (name). The members
     * themselves stay.
     *
     * @throws NotFoundException if the organization has no such group
     */
    public void delete(Principal principal, String groupId) {
        Done done = storage.inTransaction(tx -> {
            Group group = lockedGroup(tx, principal, groupId);
            var payload = new LinkedHashMap<String, Object>();
            payload.put("name", group.name());
            Optional<ForbiddenException> refused = refusal(principal);
            if (refused.isPresent()) {
                return refuse(tx, principal, "group.delete", target(group, group.name()), payload, refused.get());
            }
            tx.groups().delete(group.id());
            recorder.record(tx, principal, "group.delete", target(group, group.name()), Outcome.SUCCESS, payload);
            return new Done(group.id(), null);
        });
        if (done.refused() != null) {
            throw done.refused();
        }
    }

    /**
     * Adds and removes members and records {@code group.membersChange} with how many were added and removed and
     * their ids ({@code added_member_ids}, {@code removed_member_ids}); adding a member already in the group or
     * removing one who is not changes nothing.
     *
     * @param add ids of members of the organization; its pointer in the request is {@code /add/i}
     * @param remove ids of members; its pointer in the request is {@code /remove/i}
     * @throws NotFoundException if the organization has no such group
     * @throws InvalidChangeException if an id names no member of the organization, or one id is both added and removed
     */
    public Group changeMembers(Principal principal, String groupId, List<String> add, List<String> remove) {
        return change(tx -> {
            Group group = lockedGroup(tx, principal, groupId);
            Optional<ForbiddenException> refused = refusal(principal);
            if (refused.isPresent()) {
                var payload = membersChange(List.of(), List.of());
                payload.put("requested_add", List.copyOf(add));
                payload.put("requested_remove", List.copyOf(remove));
                return refuse(
                        tx, principal, "group.membersChange", target(group, group.name()), payload, refused.get());
            }
            for (int i = 0; i < add.size(); i++) {
                requireMember(tx, principal.organization(), "/add/" + i, add.get(i));
                if (remove.contains(add.get(i))) {
                    throw new InvalidChangeException(
                            "/add/" + i, "add/" + i + " is also in remove: a member is either added or removed");
                }
            }
            for (int i = 0; i < remove.size(); i++) {
                requireMember(tx, principal.organization(), "/remove/" + i, remove.get(i));
            }
            Set<String> current = Set.copyOf(group.members());
            List<String> added = new ArrayList<>(new TreeSet<>(add));
            added.removeIf(current::contains);
            List<String> removed = new ArrayList<>(new TreeSet<>(remove));
            removed.removeIf(id -> !current.contains(id));
            if (!added.isEmpty() || !removed.isEmpty()) {
                tx.groups().changeMembers(group.id(), added, removed);
                recorder.record(
                        tx,
                        principal,
                        "group.membersChange",
                        target(group, group.name()),
                        Outcome.SUCCESS,
                        membersChange(added, removed));
            }
            return new Done(group.id(), null);
        });
    }

    /**
     * Replaces the workspaces the group gives access to and records {@code group.accessChange} with
     * {@code changes.workspaces.added} and {@code .removed}.
     *
     * @param workspaces names of the organization's workspaces; the pointer of each is {@code /workspaces/i}
     * @throws NotFoundException if the organization has no such group
     * @throws InvalidChangeException if a name is not one of the organization's workspaces
     */
    public Group replaceWorkspaces(Principal principal, String groupId, List<String> workspaces) {
        return change(tx -> {
            Group group = lockedGroup(tx, principal, groupId);
            Set<String> wanted = new TreeSet<>(workspaces);
            Optional<ForbiddenException> refused = refusal(principal);
            if (refused.isPresent()) {
                var payload = new LinkedHashMap<String, Object>();
                payload.put("changes", Map.of("workspaces", Map.of("requested", List.copyOf(wanted))));
                return refuse(tx, principal, "group.accessChange", target(group, group.name()), payload, refused.get());
            }
            requireWorkspaces(tx, principal.organization(), workspaces);
            Map<String, Object> changes = accessChanges(group.workspaces(), wanted);
            if (!changes.isEmpty()) {
                tx.groups().replaceWorkspaces(group.id(), wanted);
                recorder.record(
                        tx,
                        principal,
                        "group.accessChange",
                        target(group, group.name()),
                        Outcome.SUCCESS,
                        Map.of("changes", changes));
            }
            return new Done(group.id(), null);
        });
    }

    /**
     * The {@code changes} of an access change from {@code before} to {@code after}:
     * {@code {"workspaces": {"added": […], "removed": […]}}} with sorted names, or empty when nothing changes.
     */
    static Map<String, Object> accessChanges(List<String> before, Set<String> after) {
        List<String> added =
                after.stream().filter(w -> !before.contains(w)).sorted().toList();
        List<String> removed =
                before.stream().filter(w -> !after.contains(w)).sorted().toList();
        if (added.isEmpty() && removed.isEmpty()) {
            return Map.of();
        }
        return Map.of("workspaces", Map.of("added", added, "removed", removed));
    }

    /**
     * Throws {@link InvalidChangeException} for the first name that is not one of the organization's workspaces.
     */
    static void requireWorkspaces(Transaction tx, OrganizationId org, List<String> names) {
        Set<String> known = new LinkedHashSet<>();
        tx.workspaces().list(org).forEach(w -> known.add(w.name()));
        for (int i = 0; i < names.size(); i++) {
            if (!known.contains(names.get(i))) {
                throw new InvalidChangeException(
                        "/workspaces/" + i,
                        "workspaces/" + i + " (" + names.get(i) + ") is not a workspace of the organization; create"
                                + " it first (" + Workspace.DEFAULT + " always exists)");
            }
        }
    }

    /** A change's result: the group to read back, or the refusal to throw once the failure is committed. */
    private record Done(String groupId, @Nullable ForbiddenException refused) {}

    private Group change(Function<Transaction, Done> work) {
        Done done = storage.inTransaction(work);
        if (done.refused() != null) {
            throw done.refused();
        }
        return storage.groups().find(done.groupId()).orElseThrow(() -> new NotFoundException("group", done.groupId()));
    }

    private Done refuse(
            Transaction tx,
            Principal principal,
            String action,
            Target target,
            Map<String, Object> payload,
            ForbiddenException refused) {
        payload.put("reason", refused.code());
        recorder.record(tx, principal, action, target, Outcome.FAILURE, payload);
        return new Done(target.id() == null ? "" : target.id(), refused);
    }

    private static Optional<ForbiddenException> refusal(Principal principal) {
        return principal.may(Permission.GROUPS_MANAGE)
                ? Optional.empty()
                : Optional.of(ForbiddenException.missing(principal, Permission.GROUPS_MANAGE));
    }

    /** The group, after locking its organization so that changes of one organization take turns. */
    private static Group lockedGroup(Transaction tx, Principal principal, String groupId) {
        OrganizationId org = principal.organization();
        if (tx.organizations().findForUpdate(org).isEmpty()) {
            throw new NotFoundException("organization", org.value());
        }
        return inOrganization(tx.groups().find(groupId), org, groupId);
    }

    private static void requireFreeName(Transaction tx, OrganizationId org, String name, @Nullable String self) {
        if (tx.organizations().findForUpdate(org).isEmpty()) {
            throw new NotFoundException("organization", org.value());
        }
        Optional<Group> taken = tx.groups().findByName(org, name);
        if (taken.isPresent() && !taken.get().id().equals(self)) {
            throw new ConflictException("the organization has a group named "
                    + taken.get().name() + " already: choose another name, or rename that group first");
        }
    }

    private static void requireMember(Transaction tx, OrganizationId org, String pointer, String memberId) {
        Optional<Member> member = tx.members().find(memberId).filter(m -> org.equals(m.organization()));
        if (member.isEmpty()) {
            throw new InvalidChangeException(
                    pointer, pointer.substring(1) + " (" + memberId + ") is not a member of the organization");
        }
    }

    private static Map<String, Object> membersChange(List<String> added, List<String> removed) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("added", (long) added.size());
        payload.put("removed", (long) removed.size());
        payload.put("added_member_ids", List.copyOf(added));
        payload.put("removed_member_ids", List.copyOf(removed));
        return payload;
    }

    private static Target target(Group group, String name) {
        return new Target("group", group.id(), name);
    }

    private static Group inOrganization(Optional<Group> found, OrganizationId org, String groupId) {
        return found.filter(g -> org.equals(g.organization()))
                .orElseThrow(() -> new NotFoundException("group", groupId));
    }
}
