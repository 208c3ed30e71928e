package dev.attest.core.admin;

import dev.attest.core.event.Event;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Group;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.store.EventFilter;
import dev.attest.core.store.PageRequest;
import dev.attest.core.store.Storage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the members page shows of each member beyond their name, email, role and status: their groups, the workspaces
 * whose events they may read, whether they use a second factor, and when they last signed in. Read only; records
 * nothing. Thread-safe.
 *
 * <p>The last sign-in is read from the organization's own log (the newest {@code auth.login.success} whose target is
 * the member), so the page shows exactly what the log proves, and no second record of sign-ins can drift from it.
 */
public final class MemberOverview {
    /** The action whose newest event is a member's last sign-in. */
    static final String SIGN_IN = "auth.login.success";

    private final Storage storage;
    private final Function<OrganizationId, Set<String>> mfaEnrolled;

    /**
     * @param mfaEnrolled the ids of an organization's members who use a second factor (an authenticator app or a
     *     passkey), e.g. {@code MultiFactor::enrolled}
     */
    public MemberOverview(Storage storage, Function<OrganizationId, Set<String>> mfaEnrolled) {
        this.storage = storage;
        this.mfaEnrolled = mfaEnrolled;
    }

    /**
     * One member as the members page shows them.
     *
     * @param groups the names of the member's groups, in the organization's group order
     * @param workspaces the workspaces whose events the member reads besides {@code default}, directly or through a
     *     group, sorted; {@code null} when their role reads every workspace (owners and admins, docs/adr/0006)
     * @param mfa whether the member signs in with a second factor
     * @param lastSignIn when the member last signed in, as the log records it; {@code null} if never
     */
    public record Line(
            Member member,
            List<String> groups,
            @Nullable List<String> workspaces,
            boolean mfa,
            @Nullable Instant lastSignIn) {
        public Line {
            groups = List.copyOf(groups);
            workspaces = workspaces == null ? null : List.copyOf(workspaces);
        }
    }

    /**
     * The organization's members, oldest first, with what the members page shows of each.
     *
     * @throws ForbiddenException without {@link Permission#MEMBERS_READ}
     */
    public List<Line> list(Principal principal) {
        principal.require(Permission.MEMBERS_READ);
        OrganizationId org = principal.organization();
        Map<String, List<String>> groupsOf = new HashMap<>();
        for (Group group : storage.groups().list(org)) {
            for (String member : group.members()) {
                groupsOf.computeIfAbsent(member, m -> new ArrayList<>()).add(group.name());
            }
        }
        Set<String> enrolled = mfaEnrolled.apply(org);
        return storage.members().list(org).stream()
                .map(member -> new Line(
                        member,
                        groupsOf.getOrDefault(member.id(), List.of()),
                        readsEveryWorkspace(member)
                                ? null
                                : storage.workspaces().accessibleTo(member.id()).stream()
                                        .sorted()
                                        .toList(),
                        enrolled.contains(member.id()),
                        lastSignIn(org, member.id())))
                .toList();
    }

    private static boolean readsEveryWorkspace(Member member) {
        Role role = member.role();
        return role != null && role.permissions().contains(Permission.WORKSPACES_MANAGE);
    }

    private @Nullable Instant lastSignIn(OrganizationId org, String memberId) {
        List<Event> newest = storage.events()
                .query(
                        EventFilter.builder(org)
                                .actions(List.of(SIGN_IN))
                                .targetId(memberId)
                                .build(),
                        PageRequest.first(1))
                .events();
        return newest.isEmpty() ? null : newest.getFirst().occurredAt();
    }
}
