package dev.attest.client;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One typed factory per action of Attest's built-in catalog: each takes the target and every payload field the
 * catalog requires, so an event cannot miss one; the target's type is the one the catalog fixes. Each returns an
 * {@link Event.Builder} for what is optional ({@code context}, {@code occurredAt}, your own {@code id}, more payload
 * fields). Custom actions are built with {@link Event#builder(String)}.
 *
 * <pre>{@code
 * Event event = CatalogEvents.userRoleChange(Actor.member("usr_9"), Target.ref("usr_12", "Grace"), "member", "admin")
 *         .context(Context.ip("203.0.113.7"))
 *         .build();
 * }</pre>
 */
public final class CatalogEvents {
    private CatalogEvents() {}

    /** {@code auth.login.success}: Signed in. */
    public static Event.Builder authLoginSuccess(Actor actor, Target.Ref user, LoginMethod method, String email) {
        String action = "auth.login.success";
        return Event.builder(action)
                .actor(actor)
                .target(user.as("user"))
                .payload("method", method.wire())
                .payload("email", required("email", email));
    }

    /** {@code auth.login.failure}: A sign-in failed; the outcome is {@code failure}. */
    public static Event.Builder authLoginFailure(Actor actor, Target.@Nullable Ref user, String email, String reason) {
        String action = "auth.login.failure";
        requireActor(actor, action, ActorType.UNKNOWN, ActorType.MEMBER);
        Event.Builder event = Event.builder(action).actor(actor).outcome(Outcome.FAILURE);
        if (user != null) {
            event.target(user.as("user"));
        }
        return event.payload("email", required("email", email)).payload("reason", required("reason", reason));
    }

    /** {@code auth.logout}: Signed out. */
    public static Event.Builder authLogout(Actor actor, Target.Ref user) {
        String action = "auth.logout";
        return Event.builder(action).actor(actor).target(user.as("user"));
    }

    /** {@code auth.impersonate}: A super-user signed in as a member. */
    public static Event.Builder authImpersonate(Actor superUser, Target.Ref user, String email) {
        String action = "auth.impersonate";
        requireActor(superUser, action, ActorType.SUPER_USER);
        return Event.builder(action)
                .actor(superUser)
                .target(user.as("user"))
                .payload("email", required("email", email));
    }

    /** {@code auth.password.resetRequest}: A password reset link was requested. */
    public static Event.Builder authPasswordResetRequest(Actor actor, Target.Ref user, String email) {
        String action = "auth.password.resetRequest";
        return Event.builder(action).actor(actor).target(user.as("user")).payload("email", required("email", email));
    }

    /** {@code auth.password.resetComplete}: A password was set through the reset link. */
    public static Event.Builder authPasswordResetComplete(Actor actor, Target.Ref user, String email) {
        String action = "auth.password.resetComplete";
        return Event.builder(action).actor(actor).target(user.as("user")).payload("email", required("email", email));
    }

    /** {@code auth.password.selfChange}: A member changed their own password. */
    public static Event.Builder authPasswordSelfChange(Actor actor, Target.Ref user) {
        String action = "auth.password.selfChange";
        return Event.builder(action).actor(actor).target(user.as("user"));
    }

    /** {@code auth.password.adminChange}: An admin set another member's password. */
    public static Event.Builder authPasswordAdminChange(Actor actor, Target.Ref user, String email) {
        String action = "auth.password.adminChange";
        return Event.builder(action).actor(actor).target(user.as("user")).payload("email", required("email", email));
    }

    /** {@code auth.mfa.enable}: A member enrolled an authenticator. */
    public static Event.Builder authMfaEnable(Actor actor, Target.Ref user, String method) {
        String action = "auth.mfa.enable";
        return Event.builder(action).actor(actor).target(user.as("user")).payload("method", required("method", method));
    }

    /** {@code auth.mfa.disable}: MFA was removed. */
    public static Event.Builder authMfaDisable(Actor actor, Target.Ref user, String method) {
        String action = "auth.mfa.disable";
        return Event.builder(action).actor(actor).target(user.as("user")).payload("method", required("method", method));
    }

    /** {@code auth.sso.deprovision}: The directory deprovisioned a member. */
    public static Event.Builder authSsoDeprovision(Actor actor, Target.Ref user, String email, String provider) {
        String action = "auth.sso.deprovision";
        return Event.builder(action)
                .actor(actor)
                .target(user.as("user"))
                .payload("email", required("email", email))
                .payload("provider", required("provider", provider));
    }

    /** {@code auth.session.deleteAll}: All sessions of a member were ended. */
    public static Event.Builder authSessionDeleteAll(Actor actor, Target.Ref user, long count) {
        String action = "auth.session.deleteAll";
        return Event.builder(action).actor(actor).target(user.as("user")).payload("count", count("count", count));
    }

    /** {@code api.key.enable}: API access was turned on. */
    public static Event.Builder apiKeyEnable(Actor actor, Target.Ref organization, String keyPrefix) {
        String action = "api.key.enable";
        return Event.builder(action)
                .actor(actor)
                .target(organization.as("organization"))
                .payload("key_prefix", required("key_prefix", keyPrefix));
    }

    /** {@code api.key.regenerate}: The API key was regenerated. */
    public static Event.Builder apiKeyRegenerate(Actor actor, Target.Ref organization, String keyPrefix) {
        String action = "api.key.regenerate";
        return Event.builder(action)
                .actor(actor)
                .target(organization.as("organization"))
                .payload("key_prefix", required("key_prefix", keyPrefix));
    }

    /** {@code api.key.revoke}: An API key was revoked (Attest's own action). */
    public static Event.Builder apiKeyRevoke(Actor actor, Target.Ref organization, String keyPrefix) {
        String action = "api.key.revoke";
        return Event.builder(action)
                .actor(actor)
                .target(organization.as("organization"))
                .payload("key_prefix", required("key_prefix", keyPrefix));
    }

    /** {@code log.view}: A vendor's customer opened the audit log through a portal link (Attest's own action). */
    public static Event.Builder logView(Actor viewer, Target.Ref organization, String portalLink) {
        String action = "log.view";
        return Event.builder(action)
                .actor(viewer)
                .target(organization.as("organization"))
                .payload("portal_link", required("portal_link", portalLink));
    }

    /** {@code log.export}: The audit log was exported; {@code format} is {@code csv} or {@code jsonl} (Attest's own). */
    public static Event.Builder logExport(Actor actor, Target.Ref organization, String format) {
        String action = "log.export";
        return Event.builder(action)
                .actor(actor)
                .target(organization.as("organization"))
                .payload("format", required("format", format));
    }

    /**
     * {@code org.viewerOriginsChange}: The origins allowed to embed the log viewer changed; {@code changes} holds
     * {@code viewer_origins} with {@code added} and {@code removed} (Attest's own action).
     */
    public static Event.Builder orgViewerOriginsChange(Actor actor, Target.Ref organization, Map<String, ?> changes) {
        String action = "org.viewerOriginsChange";
        return Event.builder(action)
                .actor(actor)
                .target(organization.as("organization"))
                .payload("changes", required("changes", changes));
    }

    /** {@code developer.app.create}: An OAuth app was created. */
    public static Event.Builder developerAppCreate(Actor actor, Target.Ref app, String name, String clientId) {
        String action = "developer.app.create";
        return Event.builder(action)
                .actor(actor)
                .target(app.as("app"))
                .payload("name", required("name", name))
                .payload("client_id", required("client_id", clientId));
    }

    /** {@code developer.app.delete}: An OAuth app was deleted. */
    public static Event.Builder developerAppDelete(Actor actor, Target.Ref app, String name, String clientId) {
        String action = "developer.app.delete";
        return Event.builder(action)
                .actor(actor)
                .target(app.as("app"))
                .payload("name", required("name", name))
                .payload("client_id", required("client_id", clientId));
    }

    /** {@code developer.app.resetSecret}: An app's client secret was regenerated. */
    public static Event.Builder developerAppResetSecret(Actor actor, Target.Ref app, String clientId) {
        String action = "developer.app.resetSecret";
        return Event.builder(action)
                .actor(actor)
                .target(app.as("app"))
                .payload("client_id", required("client_id", clientId));
    }

    /** {@code user.invite}: A member was invited. */
    public static Event.Builder userInvite(Actor actor, Target.Ref invitation, String email, String role) {
        String action = "user.invite";
        return Event.builder(action)
                .actor(actor)
                .target(invitation.as("invitation"))
                .payload("email", required("email", email))
                .payload("role", required("role", role));
    }

    /** {@code user.invite.resend}: An invitation was sent again. */
    public static Event.Builder userInviteResend(Actor actor, Target.Ref invitation, String email) {
        String action = "user.invite.resend";
        return Event.builder(action)
                .actor(actor)
                .target(invitation.as("invitation"))
                .payload("email", required("email", email));
    }

    /** {@code user.invite.revoke}: A pending invitation was revoked. */
    public static Event.Builder userInviteRevoke(Actor actor, Target.Ref invitation, String email) {
        String action = "user.invite.revoke";
        return Event.builder(action)
                .actor(actor)
                .target(invitation.as("invitation"))
                .payload("email", required("email", email));
    }

    /** {@code user.disable}: A member was disabled. */
    public static Event.Builder userDisable(Actor actor, Target.Ref user, String email) {
        String action = "user.disable";
        return Event.builder(action).actor(actor).target(user.as("user")).payload("email", required("email", email));
    }

    /** {@code user.roleChange}: A member's role changed. */
    public static Event.Builder userRoleChange(Actor actor, Target.Ref user, String from, String to) {
        String action = "user.roleChange";
        return Event.builder(action)
                .actor(actor)
                .target(user.as("user"))
                .payload("from", required("from", from))
                .payload("to", required("to", to));
    }

    /** {@code user.accessChange}: A member's workspace access changed. */
    public static Event.Builder userAccessChange(Actor actor, Target.Ref user, Map<String, ?> changes) {
        String action = "user.accessChange";
        return Event.builder(action)
                .actor(actor)
                .target(user.as("user"))
                .payload("changes", required("changes", changes));
    }

    /** {@code org.requireMfa}: The org-wide MFA requirement was toggled; {@code from} and {@code to} are strings, numbers or booleans. */
    public static Event.Builder orgRequireMfa(
            Actor actor, Target.Ref organization, boolean enabled, Object from, Object to) {
        String action = "org.requireMfa";
        return Event.builder(action)
                .actor(actor)
                .target(organization.as("organization"))
                .payload("enabled", enabled)
                .payload("from", scalar("from", from))
                .payload("to", scalar("to", to));
    }

    /** {@code org.changeName}: The organization was renamed. */
    public static Event.Builder orgChangeName(Actor actor, Target.Ref organization, String from, String to) {
        String action = "org.changeName";
        return Event.builder(action)
                .actor(actor)
                .target(organization.as("organization"))
                .payload("from", required("from", from))
                .payload("to", required("to", to));
    }

    /** {@code org.delete}: The organization was deleted. */
    public static Event.Builder orgDelete(Actor actor, Target.Ref organization, String name) {
        String action = "org.delete";
        return Event.builder(action)
                .actor(actor)
                .target(organization.as("organization"))
                .payload("name", required("name", name));
    }

    /** {@code group.create}: A group was created. */
    public static Event.Builder groupCreate(Actor actor, Target.Ref group, String name) {
        String action = "group.create";
        return Event.builder(action).actor(actor).target(group.as("group")).payload("name", required("name", name));
    }

    /** {@code group.rename}: A group was renamed. */
    public static Event.Builder groupRename(Actor actor, Target.Ref group, String from, String to) {
        String action = "group.rename";
        return Event.builder(action)
                .actor(actor)
                .target(group.as("group"))
                .payload("from", required("from", from))
                .payload("to", required("to", to));
    }

    /** {@code group.delete}: A group was deleted. */
    public static Event.Builder groupDelete(Actor actor, Target.Ref group, String name) {
        String action = "group.delete";
        return Event.builder(action).actor(actor).target(group.as("group")).payload("name", required("name", name));
    }

    /** {@code group.membersChange}: Members were added to or removed from a group (counts). */
    public static Event.Builder groupMembersChange(Actor actor, Target.Ref group, long added, long removed) {
        String action = "group.membersChange";
        return Event.builder(action)
                .actor(actor)
                .target(group.as("group"))
                .payload("added", count("added", added))
                .payload("removed", count("removed", removed));
    }

    /** {@code group.accessChange}: A group's workspace access changed. */
    public static Event.Builder groupAccessChange(Actor actor, Target.Ref group, Map<String, ?> changes) {
        String action = "group.accessChange";
        return Event.builder(action)
                .actor(actor)
                .target(group.as("group"))
                .payload("changes", required("changes", changes));
    }

    private static String required(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    private static Map<String, ?> required(String field, Map<String, ?> value) {
        return Objects.requireNonNull(value, field);
    }

    private static long count(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, not " + value);
        }
        return value;
    }

    private static Object scalar(String field, Object value) {
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw new IllegalArgumentException(field + " must be a string, number or boolean, not " + value);
        }
        return value;
    }

    private static void requireActor(Actor actor, String action, ActorType... allowed) {
        if (!Arrays.asList(allowed).contains(actor.type())) {
            throw new IllegalArgumentException(
                    "the actor of " + action + " must be one of " + Arrays.toString(allowed) + ", not " + actor.type());
        }
    }
}
