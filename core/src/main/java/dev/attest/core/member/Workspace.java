package dev.attest.core.member;

import dev.attest.core.event.OrganizationId;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A named part of an organization's activity (DESIGN.md §2); its name is what events carry in {@code workspace}. Every
 * organization has the workspace {@value #DEFAULT}, created with it. Immutable.
 */
public record Workspace(OrganizationId organization, String name, Instant createdAt) {
    /** The workspace of events that name none, which every organization has. */
    public static final String DEFAULT = "default";

    /** What a workspace's name must match: the same rule as an event's {@code workspace} field. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
}
