package dev.attest.core.admin;

import dev.attest.core.event.Actor;
import dev.attest.core.event.ActorType;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.RequestContext;
import dev.attest.core.member.Member;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Role;
import dev.attest.core.org.Scope;
import dev.attest.core.store.AccessToken;
import dev.attest.core.store.StoredApiKey;
import dev.attest.core.store.StoredApp;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is acting in one organization, from where, and what they may do there: the actor of every event an
 * administrative action records. Built once per request by the server; immutable.
 *
 * @param type {@code member}, {@code api_key}, {@code app}, {@code super_user} or {@code system}
 * @param id the member's id, or an API key's id (never the key)
 * @param role the member's role at the time, {@code null} for other actors
 * @param organization the organization acted in: the member's own, or the one a super-user or key acts in
 * @param context the request's address, user agent and id
 * @param permissions what this principal may do in {@code organization}
 * @param impersonator the super-user acting as this member ({@link #impersonatedBy}), named in every event it records
 */
public record Principal(
        ActorType type,
        @Nullable String id,
        @Nullable String name,
        @Nullable String email,
        @Nullable Role role,
        OrganizationId organization,
        RequestContext context,
        Set<Permission> permissions,
        @Nullable Impersonator impersonator) {

    public Principal {
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    /** A principal acting as itself. */
    public Principal(
            ActorType type,
            @Nullable String id,
            @Nullable String name,
            @Nullable String email,
            @Nullable Role role,
            OrganizationId organization,
            RequestContext context,
            Set<Permission> permissions) {
        this(type, id, name, email, role, organization, context, permissions, null);
    }

    /**
     * The super-user behind an impersonated member's actions: every event recorded while it lasts carries it as
     * {@code payload.impersonator}, so that no impersonated action passes as the member's own.
     */
    public record Impersonator(String id, String email) {
        /** {@code superUser} as the impersonator events name. */
        public static Impersonator of(Member superUser) {
            return new Impersonator(superUser.id(), superUser.email());
        }

        /** How an event names it: {@code payload.impersonator}. */
        public Map<String, Object> payload() {
            return Map.of("id", id, "email", email);
        }
    }

    /**
     * This member's principal as acted by {@code superUser}: the member's own permissions (never the super-user's), and
     * the super-user named in every event.
     */
    public Principal impersonatedBy(Member superUser) {
        return new Principal(
                type, id, name, email, role, organization, context, permissions, Impersonator.of(superUser));
    }

    /**
     * Returns normally unless this principal is a super-user acting as {@code memberId} — who may not change that
     * member's own password or second factors (DESIGN.md §7).
     *
     * @throws ForbiddenException ({@code impersonation}) if it is
     */
    public void requireNotImpersonating(String memberId, String what) {
        if (impersonator != null && memberId.equals(id)) {
            throw new ForbiddenException(
                    "impersonation", "an impersonation may not " + what + " of the member it acts as; stop it first");
        }
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
     * An API key of the organization, acting with its scopes' permissions ({@link Scope}); its id names it in the log
     * (never the key). No scope grants deleting the organization or touching its owners (docs/adr/0003).
     */
    public static Principal apiKey(StoredApiKey key, RequestContext context) {
        return new Principal(
                ActorType.API_KEY,
                key.id(),
                key.name(),
                null,
                null,
                key.organization(),
                context,
                Scope.permissionsOf(key.scopes()));
    }

    /**
     * A developer app acting through an access token, with the token's scopes' permissions; the app's id and name
     * name it in the log (actor type {@code app}).
     */
    public static Principal app(AccessToken token, RequestContext context) {
        StoredApp app = token.app();
        return new Principal(
                ActorType.APP,
                app.id(),
                app.name(),
                null,
                null,
                app.organization(),
                context,
                Scope.permissionsOf(token.scopes()));
    }

    /**
     * Returns normally when this principal may hand out {@code scopes} (to a key or an app): a person who manages API
     * access may grant any; a key or app only scopes whose permissions it holds itself, so that a leaked credential
     * cannot mint a stronger one.
     *
     * @throws ForbiddenException ({@code scope-escalation}) naming the first scope it may not grant
     */
    public void requireMayGrant(Set<Scope> scopes) {
        if (!isMachine()) {
            return;
        }
        for (Scope scope : scopes) {
            if (!permissions.containsAll(scope.permissions())) {
                throw new ForbiddenException(
                        "scope-escalation",
                        "this " + describe() + " may not grant the scope " + scope.wire() + ", which it does not hold");
            }
        }
    }

    /** Whether this principal may do what {@code permission} allows. */
    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    /**
     * Returns normally when this principal holds {@code permission}.
     *
     * @throws ForbiddenException if it does not; for a machine it names the scope that would grant it
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

    /** Whether this principal is a machine credential (API key or app), whose rights come from scopes. */
    public boolean isMachine() {
        return type == ActorType.API_KEY || type == ActorType.APP;
    }

    /** How this principal is named in messages: the role or actor type, e.g. "admin" or "api_key". */
    public String describe() {
        return role != null ? role.wire() : type.wire();
    }
}
