package dev.attest.core.member;

/**
 * What a caller may do in an organization. Roles grant fixed sets of them ({@link Role#permissions()}); a
 * {@link dev.attest.core.admin.Principal} carries the set it acts with. The names are stable: tests and the console's
 * navigation refer to them.
 */
public enum Permission {
    /** Read the audit log, its events, proofs and checkpoints. */
    LOG_READ,
    /** Export the audit log (recorded as {@code log.export}). */
    LOG_EXPORT,
    /** See the organization's members, their roles and status. */
    MEMBERS_READ,
    /** Change the role of, or disable, a member who is not an owner, and give nobody the owner role. */
    MEMBERS_MANAGE,
    /** Make someone an owner, and change or disable an owner. */
    OWNERS_MANAGE,
    /** Create, rename and delete groups; change their members and workspaces. */
    GROUPS_MANAGE,
    /** Create workspaces and give members access to them. */
    WORKSPACES_MANAGE,
    /** Rename the organization and set whether it requires MFA. */
    ORG_MANAGE,
    /** Delete the organization. */
    ORG_DELETE,
    /** Append events through the API: a machine's permission (scope {@code events:write}); the console never ingests. */
    EVENTS_WRITE,
    /** Create, regenerate and revoke API keys; create, reset and delete developer apps. */
    API_ACCESS_MANAGE,
    /**
     * Hand the organization's log to a vendor's customer: mint portal links and viewer tokens, and set the origins
     * the embedded viewer may be used from (scope {@code portal}, docs/adr/0015).
     */
    PORTAL_ISSUE
}
