package dev.attest.core.member;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;
import java.util.List;

/**
 * A named set of an organization's members, and the workspaces it gives them access to (DESIGN.md §2). Immutable.
 *
 * @param id {@code grp_…}
 * @param members the ids of its members, sorted
 * @param workspaces the names of the workspaces it gives access to, sorted
 */
public record Group(
        String id,
        OrganizationId organization,
        String name,
        Instant createdAt,
        List<String> members,
        List<String> workspaces) {

    /** The longest name a group may have, in code points. */
    public static final int MAX_NAME = 100;

    public Group {
        members = members.stream().sorted().distinct().toList();
        workspaces = workspaces.stream().sorted().distinct().toList();
    }
}
