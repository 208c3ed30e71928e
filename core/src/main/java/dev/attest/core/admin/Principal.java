package dev.attest.core.admin;

import dev.attest.core.event.Actor;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.RequestContext;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is acting in one organization, from where, and what they may do there: the actor of every event an
 * administrative action records. Built once per request by the server; immutable.
 *
 * @param type {@code member}, {@code api_key}, {@code super_user} or {@code system}
 * @param id the member's id, or an API key's display prefix (never the key)
 * @param role the member's role at the time, {@code null} for other actors
 * @param organization the organization acted in: the member's own, or the one a super-user or key acts in
 * @param context the request's address, user agent and id
 * @param permissions what this principal may do in {@code organization}
 */
public record Principal(
        ActorType type,
        @Nullable String id,
        @Nullable String name,
        @Nullable String email,
        @Nullable Role role,
        OrganizationId organization,
        RequestContext context,
        Set<Permission> permissions) {

    public Principal {
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    /**
     * A signed-in person acting in {@code organization}: a super-user with every permission, a member of it with their
     * role's, anyone else (a disabled member, a member of another organization) with none.
     */
    public static Principal of(Member member, OrganizationId organization, RequestContext context) {
        Set<Permission> permissions;
        if (member.superUser()) {
            permissions = EnumSet.allOf(Permission.class);
        } else if (!member.disabled() && organization.equals(member.organization()) && member.role() != null) {
            permissions = member.role().permissions();
        } else {
            permissions = Set.of();
        }
        return new Principal(
                member.superUser() ? ActorType.SUPER_USER : ActorType.MEMBER,
                member.id(),
                member.name(),
                member.email(),
                member.superUser() ? null : member.role(),
                organization,
                context,
                permissions);
    }

    /**
     * An organization's API key. Until keys carry scopes (the machine-access issue), the organization's key may
     * administer it as an admin would, and rename it, but never delete it nor touch its owners: a leaked ingest key
     * must not be able to end the organization or take it over (docs/adr/0003).
     *
     * @param keyPrefix the key's display prefix, which names it in the log
     */
    public static Principal apiKey(String keyPrefix, OrganizationId organization, RequestContext context) {
        Set<Permission> permissions = EnumSet.copyOf(Role.ADMIN.permissions());
        permissions.add(Permission.ORG_MANAGE);
        return new Principal(
                ActorType.API_KEY, keyPrefix, "API key " + keyPrefix, null, null, organization, context, permissions);
    }

    /** Whether this principal may do what {@code permission} allows. */
    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    /**
     * Returns normally when this principal holds {@code permission}.
     *
     * @throws ForbiddenException if it does not
     */
    public void require(Permission permission) {
        if (!may(permission)) {
            throw ForbiddenException.missing(this, permission);
        }
    }

    /** The event's actor, as this principal is now. */
    public Actor actor() {
        return new Actor(type, id, name, email, role == null ? null : role.wire());
    }

    /** How this principal is named in messages: the role or actor type, e.g. "admin" or "api_key". */
    public String describe() {
        return role != null ? role.wire() : type.wire();
    }
}
