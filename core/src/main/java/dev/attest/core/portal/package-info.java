/**
 * A vendor's customers reading their organization's log without an Attest account (docs/adr/0015): the restrictions
 * a vendor sets on what they see ({@link dev.attest.core.portal.ViewerRestrictions}), the single-use portal links,
 * portal sessions and viewer tokens that carry them ({@link dev.attest.core.portal.ViewerGrant}), and the service that
 * issues and redeems them ({@link dev.attest.core.portal.Portal}). No HTTP here.
 */
@NullMarked
package dev.attest.core.portal;

import org.jspecify.annotations.NullMarked;
