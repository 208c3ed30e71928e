package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Member;
import dev.attest.core.member.Role;
import java.util.List;
import java.util.Optional;

/** The people who sign in. Thread-safe. */
public interface MemberStore {
    /**
     * Adds a member or super-user.
     *
     * @throws IllegalStateException if the email is taken (compared in lower case)
     */
    void create(Member member);

    /** The person with this email, compared in lower case. */
    Optional<Member> findByEmail(String email);

    Optional<Member> find(String id);

    /** The organization's members, oldest first. */
    List<Member> list(OrganizationId organization);

    /** Whether any super-user exists. */
    boolean hasSuperUser();

    /**
     * Gives a member of an organization another role. Run it in {@link Storage#inTransaction} with the event that
     * records it.
     *
     * @return whether a member with that id and an organization exists (super-users have no role to change)
     */
    boolean changeRole(String id, Role role);

    /**
     * Disables a member: they cannot sign in again. Idempotent. Their sessions are ended separately
     * ({@link SessionStore#deleteAll}), in the same transaction.
     *
     * @return whether a member with that id exists
     */
    boolean disable(String id);

    /**
     * Replaces a member's password hash. Run it in {@link Storage#inTransaction} with the event that records it.
     *
     * @param passwordHash an Argon2id hash in PHC string form
     * @return whether a member with that id exists
     */
    boolean changePassword(String id, String passwordHash);

    /** How many members of the organization are owners and not disabled. */
    int countActiveOwners(OrganizationId organization);
}
