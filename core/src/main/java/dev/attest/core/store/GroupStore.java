package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Group;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The organizations' groups, their members and the workspaces they give access to. Every write belongs in
 * {@link Storage#inTransaction} with the event that records it. Thread-safe.
 */
public interface GroupStore {
    /**
     * Adds a group with its members and workspaces.
     *
     * @throws IllegalStateException if the organization has a group of that name (compared in lower case)
     */
    void create(Group group);

    /** The group with this id, with its members and workspaces. */
    Optional<Group> find(String id);

    /** The organization's group of this name, compared in lower case. */
    Optional<Group> findByName(OrganizationId organization, String name);

    /** The organization's groups, oldest first. */
    List<Group> list(OrganizationId organization);

    /**
     * Renames a group. The caller makes sure the name is free ({@link #findByName}) under the organization's lock
     * ({@link OrganizationStore#findForUpdate}); the unique index refuses a name taken by a concurrent writer.
     *
     * @return whether the group exists
     */
    boolean rename(String id, String name);

    /** Deletes a group with its memberships and workspace access; returns whether it existed. */
    boolean delete(String id);

    /** Adds members to a group (those already in it stay) and removes others (those not in it are ignored). */
    void changeMembers(String id, Collection<String> add, Collection<String> remove);

    /** Replaces the workspaces the group gives access to. */
    void replaceWorkspaces(String id, Collection<String> workspaces);
}
