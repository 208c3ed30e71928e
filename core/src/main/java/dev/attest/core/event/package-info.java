/**
 * The event: one immutable record of who did what, to which resource, when, from where and with what outcome
 * (DESIGN.md §3), its parts, and how a request document becomes a validated {@link dev.attest.core.event.NewEvent}.
 */
@NullMarked
package dev.attest.core.event;

import org.jspecify.annotations.NullMarked;
