package dev.attest.core.store;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Member;
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
}
