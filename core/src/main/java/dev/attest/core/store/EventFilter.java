package dev.attest.core.store;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.event.Outcome;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which events of one organization's log to read. Every filter is optional; set filters combine with AND, the values
 * of one list filter with OR. Immutable; build with {@link #of(OrganizationId)} or {@link #builder(OrganizationId)}.
 * What page to read is a separate {@link PageRequest}.
 *
 * @param since inclusive lower bound of {@code occurred_at}
 * @param until exclusive upper bound of {@code occurred_at}
 * @param actions exact actions, sorted and distinct
 * @param categories categories, sorted and distinct
 * @param workspaces workspaces, sorted and distinct
 * @param critical {@code true} for security-critical actions only, {@code false} for the others only
 * @param text case-insensitive substring of the actor's name or email, the target's name, or the action; blank is none
 */
public record EventFilter(
        OrganizationId organization,
        @Nullable Instant since,
        @Nullable Instant until,
        List<String> actions,
        List<String> categories,
        @Nullable ActorType actorType,
        @Nullable String actorId,
        @Nullable String actorEmail,
        @Nullable String targetType,
        @Nullable String targetId,
        @Nullable Outcome outcome,
        List<String> workspaces,
        @Nullable Boolean critical,
        @Nullable String text) {

    public EventFilter {
        Objects.requireNonNull(organization, "organization");
        actions = sortedDistinct(actions);
        categories = sortedDistinct(categories);
        workspaces = sortedDistinct(workspaces);
        if (text != null && text.isBlank()) {
            text = null;
        }
    }

    /** Every event of the organization. */
    public static EventFilter of(OrganizationId organization) {
        return builder(organization).build();
    }

    public static Builder builder(OrganizationId organization) {
        return new Builder(organization);
    }

    /** A builder that starts from this filter. */
    public Builder toBuilder() {
        var builder = new Builder(organization);
        builder.since = since;
        builder.until = until;
        builder.actions = actions;
        builder.categories = categories;
        builder.actorType = actorType;
        builder.actorId = actorId;
        builder.actorEmail = actorEmail;
        builder.targetType = targetType;
        builder.targetId = targetId;
        builder.outcome = outcome;
        builder.workspaces = workspaces;
        builder.critical = critical;
        builder.text = text;
        return builder;
    }

    /**
     * A fingerprint of the filter, so that a cursor is only ever used with the filter that made it: the first 8 bytes
     * of the SHA-256 of {@link #canonicalForm()}, big-endian. Equal filters give the same fingerprint in every JVM and
     * every process, so a cursor outlives a restart and crosses servers of one database.
     */
    public long fingerprint() {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(canonicalForm().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The filter as one text, the same for equal filters in any JVM: every field in a fixed order, tagged with its
     * name, {@code name=value;} when set and {@code name;} when not. Values are their wire forms (instants in ISO-8601
     * UTC, enums as in the API, lists sorted and comma-separated), with {@code \}, {@code ;}, {@code ,} and {@code =}
     * escaped by a backslash so that no value can imitate another field. A one-element list reads as the single value
     * did before lists existed, so cursors issued then stay valid.
     */
    public String canonicalForm() {
        var out = new StringBuilder(128);
        field(out, "organization", organization.value());
        field(out, "since", since == null ? null : since.toString());
        field(out, "until", until == null ? null : until.toString());
        list(out, "actions", actions);
        list(out, "category", categories);
        field(out, "actor_type", actorType == null ? null : actorType.wire());
        field(out, "actor_id", actorId);
        field(out, "actor_email", actorEmail);
        field(out, "target_type", targetType);
        field(out, "target_id", targetId);
        field(out, "outcome", outcome == null ? null : outcome.wire());
        list(out, "workspace", workspaces);
        field(out, "critical", critical == null ? null : critical.toString());
        field(out, "text", text);
        return out.toString();
    }

    private static List<String> sortedDistinct(Collection<String> values) {
        return values.stream().map(Objects::requireNonNull).distinct().sorted().toList();
    }

    private static void field(StringBuilder out, String name, @Nullable String value) {
        out.append(name);
        if (value != null) {
            out.append('=');
            escape(out, value);
        }
        out.append(';');
    }

    private static void list(StringBuilder out, String name, List<String> values) {
        out.append(name);
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? '=' : ',');
            escape(out, values.get(i));
        }
        out.append(';');
    }

    private static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == ';' || c == ',' || c == '=') {
                out.append('\\');
            }
            out.append(c);
        }
    }

    /** Sets filters one by one; unset ones match everything. */
    public static final class Builder {
        private final OrganizationId organization;
        private @Nullable Instant since;
        private @Nullable Instant until;
        private List<String> actions = List.of();
        private List<String> categories = List.of();
        private @Nullable ActorType actorType;
        private @Nullable String actorId;
        private @Nullable String actorEmail;
        private @Nullable String targetType;
        private @Nullable String targetId;
        private @Nullable Outcome outcome;
        private List<String> workspaces = List.of();
        private @Nullable Boolean critical;
        private @Nullable String text;

        private Builder(OrganizationId organization) {
            this.organization = organization;
        }

        public Builder since(@Nullable Instant value) {
            since = value;
            return this;
        }

        public Builder until(@Nullable Instant value) {
            until = value;
            return this;
        }

        public Builder actions(Collection<String> values) {
            actions = List.copyOf(values);
            return this;
        }

        public Builder categories(Collection<String> values) {
            categories = List.copyOf(values);
            return this;
        }

        /** One category, or none when {@code null}. */
        public Builder category(@Nullable String value) {
            categories = value == null ? List.of() : List.of(value);
            return this;
        }

        public Builder actorType(@Nullable ActorType value) {
            actorType = value;
            return this;
        }

        public Builder actorId(@Nullable String value) {
            actorId = value;
            return this;
        }

        public Builder actorEmail(@Nullable String value) {
            actorEmail = value;
            return this;
        }

        public Builder targetType(@Nullable String value) {
            targetType = value;
            return this;
        }

        public Builder targetId(@Nullable String value) {
            targetId = value;
            return this;
        }

        public Builder outcome(@Nullable Outcome value) {
            outcome = value;
            return this;
        }

        public Builder workspaces(Collection<String> values) {
            workspaces = List.copyOf(values);
            return this;
        }

        /** One workspace, or none when {@code null}. */
        public Builder workspace(@Nullable String value) {
            workspaces = value == null ? List.of() : List.of(value);
            return this;
        }

        public Builder critical(@Nullable Boolean value) {
            critical = value;
            return this;
        }

        public Builder text(@Nullable String value) {
            text = value;
            return this;
        }

        public EventFilter build() {
            return new EventFilter(
                    organization,
                    since,
                    until,
                    actions,
                    categories,
                    actorType,
                    actorId,
                    actorEmail,
                    targetType,
                    targetId,
                    outcome,
                    workspaces,
                    critical,
                    text);
        }
    }
}
