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
import org.jspecify.annotations.Nullable;

/**
 * What to read of one organization's log. Every filter is optional; set filters combine with AND, the values of
 * {@code actions} with OR. Immutable; build with {@link #of(OrganizationId)}.
 *
 * @param since inclusive lower bound of {@code occurred_at}
 * @param until exclusive upper bound of {@code occurred_at}
 * @param actions exact actions, sorted and distinct
 * @param critical {@code true} for security-critical actions only, {@code false} for the others only
 * @param text case-insensitive substring of the actor's name or email, the target's name, or the action
 * @param limit page size, 1 to {@link #MAX_LIMIT}
 * @param cursor where to continue, from the previous page of the same query
 */
public record EventQuery(
        OrganizationId organization,
        @Nullable Instant since,
        @Nullable Instant until,
        List<String> actions,
        @Nullable String category,
        @Nullable ActorType actorType,
        @Nullable String actorId,
        @Nullable String actorEmail,
        @Nullable String targetType,
        @Nullable String targetId,
        @Nullable Outcome outcome,
        @Nullable String workspace,
        @Nullable Boolean critical,
        @Nullable String text,
        int limit,
        @Nullable Cursor cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1_000;

    public EventQuery {
        actions = actions.stream().distinct().sorted().toList();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (text != null && text.isBlank()) {
            text = null;
        }
    }

    /** Every event of the organization, first page, default size. */
    public static EventQuery of(OrganizationId organization) {
        return new EventQuery(
                organization,
                null,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                DEFAULT_LIMIT,
                null);
    }

    /**
     * A fingerprint of the filters (not of limit and cursor), so that a cursor is only ever used with the query that
     * made it: the first 8 bytes of the SHA-256 of {@link #canonicalForm()}, big-endian. The same filters give the same
     * fingerprint in every JVM and every process, so a cursor outlives a restart and crosses servers of one database.
     */
    public long filterFingerprint() {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(canonicalForm().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The filters (not limit and cursor) as one text, the same for equal filters in any JVM: every field in a fixed
     * order, tagged with its name, {@code name=value;} when set and {@code name;} when not. Values are their wire
     * forms (instants in ISO-8601 UTC, enums as in the API, actions sorted and comma-separated), with {@code \},
     * {@code ;}, {@code ,} and {@code =} escaped by a backslash so that no value can imitate another field.
     */
    public String canonicalForm() {
        var out = new StringBuilder(128);
        field(out, "organization", organization.value());
        field(out, "since", since == null ? null : since.toString());
        field(out, "until", until == null ? null : until.toString());
        out.append("actions");
        for (int i = 0; i < actions.size(); i++) {
            out.append(i == 0 ? "=" : ",");
            escape(out, actions.get(i));
        }
        out.append(';');
        field(out, "category", category);
        field(out, "actor_type", actorType == null ? null : actorType.wire());
        field(out, "actor_id", actorId);
        field(out, "actor_email", actorEmail);
        field(out, "target_type", targetType);
        field(out, "target_id", targetId);
        field(out, "outcome", outcome == null ? null : outcome.wire());
        field(out, "workspace", workspace);
        field(out, "critical", critical == null ? null : critical.toString());
        field(out, "text", text);
        return out.toString();
    }

    private static void field(StringBuilder out, String name, @Nullable String value) {
        out.append(name);
        if (value != null) {
            out.append('=');
            escape(out, value);
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

    public EventQuery since(@Nullable Instant value) {
        return new EventQuery(
                organization,
                value,
                until,
                actions,
                category,
                actorType,
                actorId,
                actorEmail,
                targetType,
                targetId,
                outcome,
                workspace,
                critical,
                text,
                limit,
                cursor);
    }

    public EventQuery until(@Nullable Instant value) {
        return new EventQuery(
                organization,
                since,
                value,
                actions,
                category,
                actorType,
                actorId,
                actorEmail,
                targetType,
                targetId,
                outcome,
                workspace,
                critical,
                text,
                limit,
                cursor);
    }

    public EventQuery actions(Collection<String> value) {
        return new EventQuery(
                organization,
                since,
                until,
                List.copyOf(value),
                category,
                actorType,
                actorId,
                actorEmail,
                targetType,
                targetId,
                outcome,
                workspace,
                critical,
                text,
                limit,
                cursor);
    }

    public EventQuery category(@Nullable String value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                value,
                actorType,
                actorId,
                actorEmail,
                targetType,
                targetId,
                outcome,
                workspace,
                critical,
                text,
                limit,
                cursor);
    }

    public EventQuery actorType(@Nullable ActorType value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                category,
                value,
                actorId,
                actorEmail,
                targetType,
                targetId,
                outcome,
                workspace,
                critical,
                text,
                limit,
                cursor);
    }

    public EventQuery actorId(@Nullable String value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                category,
                actorType,
                value,
                actorEmail,
                targetType,
                targetId,
                outcome,
                workspace,
                critical,
                text,
                limit,
                cursor);
    }

    public EventQuery actorEmail(@Nullable String value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                category,
                actorType,
                actorId,
                value,
                targetType,
                targetId,
                outcome,
                workspace,
                critical,
                text,
                limit,
                cursor);
    }

    public EventQuery targetType(@Nullable String value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                category,
                actorType,
                actorId,
                actorEmail,
                value,
                targetId,
                outcome,
                workspace,
                critical,
                text,
                limit,
                cursor);
    }

    public EventQuery targetId(@Nullable String value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                category,
                actorType,
                actorId,
                actorEmail,
                targetType,
                value,
                outcome,
                workspace,
                critical,
                text,
                limit,
                cursor);
    }

    public EventQuery outcome(@Nullable Outcome value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                category,
                actorType,
                actorId,
                actorEmail,
                targetType,
                targetId,
                value,
                workspace,
                critical,
                text,
                limit,
                cursor);
    }

    public EventQuery workspace(@Nullable String value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                category,
                actorType,
                actorId,
                actorEmail,
                targetType,
                targetId,
                outcome,
                value,
                critical,
                text,
                limit,
                cursor);
    }

    public EventQuery critical(@Nullable Boolean value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                category,
                actorType,
                actorId,
                actorEmail,
                targetType,
                targetId,
                outcome,
                workspace,
                value,
                text,
                limit,
                cursor);
    }

    public EventQuery text(@Nullable String value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                category,
                actorType,
                actorId,
                actorEmail,
                targetType,
                targetId,
                outcome,
                workspace,
                critical,
                value,
                limit,
                cursor);
    }

    public EventQuery limit(int value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                category,
                actorType,
                actorId,
                actorEmail,
                targetType,
                targetId,
                outcome,
                workspace,
                critical,
                text,
                value,
                cursor);
    }

    public EventQuery cursor(@Nullable Cursor value) {
        return new EventQuery(
                organization,
                since,
                until,
                actions,
                category,
                actorType,
                actorId,
                actorEmail,
                targetType,
                targetId,
                outcome,
                workspace,
                critical,
                text,
                limit,
                value);
    }
}
