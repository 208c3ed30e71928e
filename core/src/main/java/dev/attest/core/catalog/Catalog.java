package dev.attest.core.catalog;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.Outcome;
import dev.attest.core.event.Problems;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The actions an organization's events are checked against: the built-in catalog of DESIGN.md §4 (what each action
 * means, who may do it, to what, and what its payload must hold), and the rule every other (custom) action must follow.
 * An instance, so that an organization's own schemas can later extend {@link #standard()}. Immutable.
 */
public final class Catalog {
    /** The form of every action, built-in or custom: dot-separated camelCase segments, at least two. */
    public static final Pattern ACTION_FORM = Pattern.compile("[a-z][a-zA-Z0-9]*(\\.[a-z][a-zA-Z0-9]*)+");

    /** The longest action accepted. */
    public static final int MAX_ACTION_LENGTH = 128;

    private static final Catalog STANDARD = new Catalog(build());

    private final Map<String, ActionSpec> specs;

    private Catalog(Map<String, ActionSpec> specs) {
        this.specs = specs;
    }

    /** The built-in catalog. */
    public static Catalog standard() {
        return STANDARD;
    }

    /** The catalog's actions in catalog order. */
    public Collection<ActionSpec> actions() {
        return specs.values();
    }

    /** The catalog entry of {@code action}, or empty for a custom action. */
    public Optional<ActionSpec> find(String action) {
        return Optional.ofNullable(specs.get(action));
    }

    /** The action's first segment, e.g. {@code user} for {@code user.roleChange}. */
    public static String categoryOf(String action) {
        int dot = action.indexOf('.');
        return dot < 0 ? action : action.substring(0, dot);
    }

    /** Whether {@code action} is one of the catalog's security-critical actions. */
    public boolean isCritical(String action) {
        ActionSpec spec = specs.get(action);
        return spec != null && spec.critical();
    }

    /** The categories of the catalog's actions, in catalog order. */
    public List<String> categories() {
        return specs.values().stream().map(ActionSpec::category).distinct().toList();
    }

    /** The outcome of an event of {@code action} that does not name one: the action's fixed outcome, else success. */
    public Outcome defaultOutcome(String action) {
        return find(action).flatMap(ActionSpec::fixedOutcome).orElse(Outcome.SUCCESS);
    }

    /**
     * Checks an event as read so far against its action's entry, reporting each broken rule; a custom action has no
     * rules here. Parts that could not be read are {@code null} and not checked again (their own problem is reported).
     */
    public void check(String action, EventShape event, Problems problems) {
        ActionSpec spec = specs.get(action);
        if (spec == null) {
            return;
        }
        ActorType actorType = event.actorType();
        if (actorType != null
                && !spec.actorTypes().isEmpty()
                && !spec.actorTypes().contains(actorType)) {
            problems.fail("/actor/type", "actor.type", "must be one of " + wires(spec.actorTypes()) + " for " + action);
        }
        if (!event.targetSent() && spec.targetRequired()) {
            problems.fail("/target", "target", "is required for " + action + " (a " + spec.targetType() + ")");
        }
        String targetType = event.targetType();
        if (targetType != null && !spec.targetType().equals(targetType)) {
            problems.fail(
                    "/target/type",
                    "target.type",
                    "must be " + spec.targetType() + " for " + action + ", not " + targetType);
        }
        Outcome outcome = event.outcome();
        Optional<Outcome> fixed = spec.fixedOutcome();
        if (outcome != null && fixed.isPresent() && fixed.get() != outcome) {
            problems.fail("/outcome", "outcome", "must be " + fixed.get().wire() + " for " + action);
        }
        Map<String, @Nullable Object> payload = event.payload();
        if (payload != null) {
            spec.payload().forEach((field, rule) -> {
                String pointer = "/payload/" + Problems.escape(field);
                Object value = payload.get(field);
                if (value == null) {
                    problems.fail(
                            pointer, "payload." + field, "is required for " + action + " (" + rule.describe() + ")");
                } else if (!rule.accepts(value)) {
                    problems.fail(pointer, "payload." + field, "must be " + rule.describe() + " for " + action);
                }
            });
        }
    }

    /**
     * What the catalog checks of one event.
     *
     * @param actorType the actor's type, {@code null} when it could not be read
     * @param targetSent whether the event names a target at all
     * @param targetType the target's type, {@code null} when there is none or it could not be read
     * @param outcome the outcome the event names, {@code null} when it names none
     * @param payload the payload, {@code null} when it could not be read
     */
    public record EventShape(
            @Nullable ActorType actorType,
            boolean targetSent,
            @Nullable String targetType,
            @Nullable Outcome outcome,
            @Nullable Map<String, @Nullable Object> payload) {}

    private static List<String> wires(Set<ActorType> types) {
        return types.stream().map(ActorType::wire).sorted().toList();
    }

    private static Map<String, ActionSpec> build() {
        FieldRule text = new FieldRule.Text();
        FieldRule email = new FieldRule.Email();
        FieldRule count = new FieldRule.Count();
        FieldRule changes = new FieldRule.Changes();
        FieldRule scalar = new FieldRule.Scalar();
        FieldRule loginMethod = new FieldRule.OneOf(Set.of("password", "google", "microsoft", "sso", "webauthn"));

        var specs = new LinkedHashMap<String, ActionSpec>();
        Entry.of("auth.login.success", "Signed in", true, "user")
                .payload("method", loginMethod)
                .payload("email", email)
                .into(specs);
        Entry.of("auth.login.failure", "Sign-in failed", true, "user")
                .targetOptional()
                .outcome(Outcome.FAILURE)
                .actors(ActorType.UNKNOWN, ActorType.MEMBER)
                // The address as typed, which need not be a valid one.
                .payload("email", text)
                .payload("reason", text)
                .into(specs);
        Entry.of("auth.logout", "Signed out", false, "user").into(specs);
        Entry.of("auth.impersonate", "Impersonated a member", true, "user")
                .actors(ActorType.SUPER_USER)
                .payload("email", email)
                .into(specs);
        Entry.of("auth.password.resetRequest", "Requested a password reset", true, "user")
                .payload("email", email)
                .into(specs);
        Entry.of("auth.password.resetComplete", "Reset a password", true, "user")
                .payload("email", email)
                .into(specs);
        Entry.of("auth.password.selfChange", "Changed own password", true, "user")
                .into(specs);
        Entry.of("auth.password.adminChange", "Changed a member's password", true, "user")
                .payload("email", email)
                .into(specs);
        Entry.of("auth.mfa.enable", "Enabled MFA", true, "user")
                .payload("method", text)
                .into(specs);
        Entry.of("auth.mfa.disable", "Disabled MFA", true, "user")
                .payload("method", text)
                .into(specs);
        Entry.of("auth.sso.deprovision", "Deprovisioned through SSO", true, "user")
                .payload("email", email)
                .payload("provider", text)
                .into(specs);
        Entry.of("auth.session.deleteAll", "Ended all sessions", true, "user")
                .payload("count", count)
                .into(specs);
        Entry.of("api.key.enable", "Enabled API access", true, "organization")
                .payload("key_prefix", text)
                .into(specs);
        Entry.of("api.key.regenerate", "Regenerated the API key", true, "organization")
                .payload("key_prefix", text)
                .into(specs);
        // Attest's own action (DESIGN.md §7, beyond the table of §4): a key taken away, so that a revocation is in the
        // log as its creation and regeneration are.
        Entry.of("api.key.revoke", "Revoked an API key", true, "organization")
                .payload("key_prefix", text)
                .into(specs);
        Entry.of("developer.app.create", "Created an OAuth app", false, "app")
                .payload("name", text)
                .payload("client_id", text)
                .into(specs);
        Entry.of("developer.app.delete", "Deleted an OAuth app", false, "app")
                .payload("name", text)
                .payload("client_id", text)
                .into(specs);
        Entry.of("developer.app.resetSecret", "Reset an app's client secret", true, "app")
                .payload("client_id", text)
                .into(specs);
        Entry.of("user.invite", "Invited a member", false, "invitation")
                .payload("email", email)
                .payload("role", text)
                .into(specs);
        Entry.of("user.invite.resend", "Resent an invitation", false, "invitation")
                .payload("email", email)
                .into(specs);
        Entry.of("user.invite.revoke", "Revoked an invitation", false, "invitation")
                .payload("email", email)
                .into(specs);
        Entry.of("user.disable", "Disabled a member", true, "user")
                .payload("email", email)
                .into(specs);
        Entry.of("user.roleChange", "Changed a member's role", true, "user")
                .payload("from", text)
                .payload("to", text)
                .into(specs);
        Entry.of("user.accessChange", "Changed a member's access", true, "user")
                .payload("changes", changes)
                .into(specs);
        Entry.of("org.requireMfa", "Changed the MFA requirement", true, "organization")
                .payload("enabled", new FieldRule.Flag())
                .payload("from", scalar)
                .payload("to", scalar)
                .into(specs);
        Entry.of("org.changeName", "Renamed the organization", false, "organization")
                .payload("from", text)
                .payload("to", text)
                .into(specs);
        Entry.of("org.delete", "Deleted the organization", true, "organization")
                .payload("name", text)
                .into(specs);
        Entry.of("group.create", "Created a group", false, "group")
                .payload("name", text)
                .into(specs);
        Entry.of("group.rename", "Renamed a group", false, "group")
                .payload("from", text)
                .payload("to", text)
                .into(specs);
        Entry.of("group.delete", "Deleted a group", false, "group")
                .payload("name", text)
                .into(specs);
        Entry.of("group.membersChange", "Changed a group's members", false, "group")
                .payload("added", count)
                .payload("removed", count)
                .into(specs);
        Entry.of("group.accessChange", "Changed a group's access", true, "group")
                .payload("changes", changes)
                .into(specs);
        // Attest's own actions (DESIGN.md §7, beyond the table of §4): the log read by a vendor's customer through a
        // portal link (actor type viewer, as the vendor vouched for them), and an export of the log by anyone.
        Entry.of("log.view", "Opened the audit log portal", false, "organization")
                .actors(ActorType.VIEWER)
                .payload("portal_link", text)
                .into(specs);
        Entry.of("log.export", "Exported the audit log", false, "organization")
                .payload("format", new FieldRule.OneOf(Set.of("csv", "jsonl")))
                .into(specs);
        Entry.of("org.viewerOriginsChange", "Changed the embedded viewer's origins", true, "organization")
                .payload("changes", changes)
                .into(specs);
        return Collections.unmodifiableMap(specs);
    }

    /** Reads like the catalog table; builds one {@link ActionSpec}. */
    private static final class Entry {
        private final String action;
        private final String label;
        private final boolean critical;
        private final String targetType;
        private boolean targetRequired = true;
        private @Nullable Outcome outcome;
        private Set<ActorType> actorTypes = Set.of();
        private final Map<String, FieldRule> payload = new LinkedHashMap<>();

        private Entry(String action, String label, boolean critical, String targetType) {
            this.action = action;
            this.label = label;
            this.critical = critical;
            this.targetType = targetType;
        }

        static Entry of(String action, String label, boolean critical, String targetType) {
            return new Entry(action, label, critical, targetType);
        }

        Entry targetOptional() {
            targetRequired = false;
            return this;
        }

        Entry outcome(Outcome fixed) {
            outcome = fixed;
            return this;
        }

        Entry actors(ActorType... types) {
            actorTypes = Set.of(types);
            return this;
        }

        Entry payload(String field, FieldRule rule) {
            payload.put(field, rule);
            return this;
        }

        void into(Map<String, ActionSpec> specs) {
            specs.put(
                    action,
                    new ActionSpec(action, label, critical, targetType, targetRequired, outcome, actorTypes, payload));
        }
    }
}
