package dev.attest.core.org;

import dev.attest.core.member.Permission;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a machine credential (an API key, later an app's access token) may do in its organization. A scope is a fixed
 * set of {@link Permission}s; a credential acts with the union of its scopes' sets. A later scope (e.g. {@code portal}
 * for viewer tokens and portal links) is one more constant with its permissions.
 */
public enum Scope {
    /** Append events: {@code POST /v1/…/events} and the compatible ingest endpoints. */
    EVENTS_WRITE("events:write"),
    /** Read, export and verify the log: events, checkpoints, proofs, export. */
    EVENTS_READ("events:read"),
    /**
     * Administer the organization as an admin would (members, groups, workspaces, keys, apps, its name and MFA
     * setting), but never delete it nor touch its owners: a leaked key must not end or take over an organization.
     */
    ADMIN("admin"),
    /**
     * Show the organization's log to a vendor's customer: mint portal links and viewer tokens (read-only, restricted
     * views of the log; docs/adr/0015), and set the origins the embedded viewer may be used from.
     */
    PORTAL("portal");

    private static final Pattern WHITESPACE = Pattern.compile(" +");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    /** The wire form, e.g. {@code events:write}, as in OAuth 2.0 scope strings (RFC 6749 §3.3). */
    public String wire() {
        return wire;
    }

    /** What this scope allows; a new set on each call. */
    public Set<Permission> permissions() {
        return switch (this) {
            case EVENTS_WRITE -> EnumSet.of(Permission.EVENTS_WRITE);
            case EVENTS_READ -> EnumSet.of(Permission.LOG_READ, Permission.LOG_EXPORT);
            case ADMIN ->
                EnumSet.of(
                        Permission.MEMBERS_READ,
                        Permission.MEMBERS_MANAGE,
                        Permission.GROUPS_MANAGE,
                        Permission.WORKSPACES_MANAGE,
                        Permission.ORG_MANAGE,
                        Permission.API_ACCESS_MANAGE);
            case PORTAL -> EnumSet.of(Permission.PORTAL_ISSUE);
        };
    }

    /** Parses the wire form; empty for anything else (case matters, as in RFC 6749 §3.3). */
    public static Optional<Scope> fromWire(String wire) {
        for (Scope scope : values()) {
            if (scope.wire.equals(wire)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    /** The scope that grants {@code permission}, if any scope does ({@code ORG_DELETE} and owners' rights: none). */
    public static Optional<Scope> granting(Permission permission) {
        for (Scope scope : values()) {
            if (scope.permissions().contains(permission)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    /** The union of the scopes' permissions. */
    public static Set<Permission> permissionsOf(Collection<Scope> scopes) {
        Set<Permission> all = EnumSet.noneOf(Permission.class);
        scopes.forEach(scope -> all.addAll(scope.permissions()));
        return all;
    }

    /** Every scope's wire form, in declaration order, separated by ", " (for messages). */
    public static String described() {
        return EnumSet.allOf(Scope.class).stream().map(Scope::wire).collect(Collectors.joining(", "));
    }

    /** The space-separated wire forms in declaration order, e.g. {@code events:write events:read} (stored form). */
    public static String join(Collection<Scope> scopes) {
        return EnumSet.copyOf(scopes).stream().map(Scope::wire).collect(Collectors.joining(" "));
    }

    /**
     * Parses a space-separated list as {@link #join} writes it.
     *
     * @throws IllegalArgumentException naming an unknown scope
     */
    public static Set<Scope> parse(String joined) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String wire : WHITESPACE.split(joined.trim(), -1)) {
            if (!wire.isEmpty()) {
                scopes.add(fromWire(wire)
                        .orElseThrow(
                                () -> new IllegalArgumentException("unknown scope " + wire.toLowerCase(Locale.ROOT))));
            }
        }
        return scopes;
    }
}
