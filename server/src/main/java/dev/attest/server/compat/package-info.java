/**
 * Drop-in ingest endpoints of other audit-log services, so that producers wired to them can switch to Attest by
 * changing a host name: {@link dev.attest.server.compat.WorkOsRoutes} ({@code POST /audit_logs/events}) and
 * {@link dev.attest.server.compat.RetracedRoutes} ({@code POST /publisher/v1/project/{id}/event[/bulk]}).
 *
 * <p>Each maps the foreign request onto an Attest event document and hands it to the same
 * {@link dev.attest.core.event.EventParser} and {@link dev.attest.core.ingest.Sequencer} as {@code /v1}, so validation,
 * idempotency and durability are exactly those of the native API. The mappings are documented in the README
 * ("Switching from WorkOS or Retraced"). Nothing here reads or queries events.
 */
@NullMarked
package dev.attest.server.compat;

import org.jspecify.annotations.NullMarked;
