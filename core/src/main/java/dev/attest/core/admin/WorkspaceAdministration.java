package dev.attest.core.admin;

import dev.attest.core.event.ActorType;
import dev.attest.core.event.EventParser;
import dev.attest.core.member.Permission;
import dev.attest.core.member.Workspace;
import dev.attest.core.store.Storage;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The workspaces of an organization: listed for whoever reads its log or its members, created by owners and admins.
 * Creating one changes nobody's access, and the catalog has no action for it, so it records no event; giving access
 * to it does ({@code user.accessChange}, {@code group.accessChange}). Thread-safe.
 */
public final class WorkspaceAdministration {
    private final Storage storage;
    private final Clock clock;

    public WorkspaceAdministration(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** What is wrong with a proposed workspace name, or empty when it matches {@link Workspace#NAME}. */
    public static Optional<String> nameProblem(String name) {
        return Workspace.NAME.matcher(name).matches()
                ? Optional.empty()
                : Optional.of("name must match " + Workspace.NAME.pattern()
                        + " (lower-case letters, digits, '_', '.', '-'; at most 64)");
    }

    /**
     * The organization's workspaces, {@value Workspace#DEFAULT} first.
     *
     * @throws ForbiddenException without {@link Permission#LOG_READ} nor {@link Permission#MEMBERS_READ}
     */
    public List<Workspace> list(Principal principal) {
        if (!principal.may(Permission.LOG_READ)) {
            principal.require(Permission.MEMBERS_READ);
        }
        return storage.workspaces().list(principal.organization());
    }

    /**
     * The workspaces whose events a principal may read, or empty when they may read every one (docs/adr/0006):
     * super-users, API keys and whoever may manage workspaces (owners, admins) read all; any other reader of the log
     * reads {@value Workspace#DEFAULT} and the workspaces they have access to, directly or through a group.
     */
    public Optional<Set<String>> visibleTo(Principal principal) {
        String id = principal.id();
        if (principal.type() != ActorType.MEMBER || principal.may(Permission.WORKSPACES_MANAGE) || id == null) {
            return Optional.empty();
        }
        var visible = new TreeSet<String>(storage.workspaces().accessibleTo(id));
        visible.add(Workspace.DEFAULT);
        return Optional.of(Set.copyOf(visible));
    }

    /**
     * Creates a workspace.
     *
     * @param name already validated ({@link #nameProblem})
     * @throws ForbiddenException without {@link Permission#WORKSPACES_MANAGE}
     * @throws ConflictException if the organization has it already
     */
    public Workspace create(Principal principal, String name) {
        principal.require(Permission.WORKSPACES_MANAGE);
        var workspace = new Workspace(principal.organization(), name, EventParser.truncateToMicros(clock.instant()));
        if (!storage.workspaces().create(workspace)) {
            throw new ConflictException("the organization has the workspace " + name + " already");
        }
        return workspace;
    }
}
