package dev.attest.server.console;

import dev.attest.core.event.OrganizationId;
import dev.attest.core.member.Member;
import dev.attest.core.portal.ViewerRestrictions;
import dev.attest.server.console.ConsoleViews.Viewer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who reads the log pages ({@link LogPages}): a signed-in member of the console, or a vendor's customer in a portal
 * session (docs/adr/0015). Whatever the pages read is narrowed to {@link #workspaces} and {@link #restrictions} on the
 * server, so that no URL parameter widens them.
 *
 * @param viewer the header, navigation and forms' CSRF token
 * @param base where the pages are, e.g. {@code /orgs/org_…} or {@code /portal/org_…}
 * @param workspaces the workspaces the reader may read (docs/adr/0006); empty for every one
 * @param restrictions what a portal viewer may see; {@link ViewerRestrictions#NONE} for a member
 * @param actor the actor of the reader's {@code log.export} events
 * @param impersonator the super-user acting as the member, named in the reader's events
 * @param exportLog the log a {@code log.export} is recorded in
 * @param exportPayload what else a {@code log.export} of this reader carries (a portal session's id)
 */
record LogReader(
        Viewer viewer,
        String base,
        Optional<Set<String>> workspaces,
        ViewerRestrictions restrictions,
        Map<String, Object> actor,
        @Nullable Member impersonator,
        OrganizationId exportLog,
        Map<String, Object> exportPayload) {}
