package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Workspace;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The organizations' workspaces and the members' direct access to them. The workspace {@value Workspace#DEFAULT}
 * exists in every organization without being stored. Writes that change access belong in
 * {@link Storage#inTransaction} with the event that records them. Thread-safe.
 */
public interface WorkspaceStore {
    /**
     * Adds a workspace.
     *
     * @return {@code false} if the organization has it already (nothing changes then)
     */
    boolean create(Workspace workspace);

    /** The organization's workspaces, {@value Workspace#DEFAULT} first, then by name. */
    List<Workspace> list(OrganizationId organization);

    /** The workspaces a member has access to directly, sorted. */
    List<String> ofMember(String memberId);

    /** Replaces the workspaces a member has access to directly. */
    void replaceOfMember(String memberId, Collection<String> workspaces);

    /** The workspaces a member has access to, directly or through any of their groups. */
    Set<String> accessibleTo(String memberId);
}
