/**
 * The built-in catalog (DESIGN.md §4): the 32 actions Attest knows, with their category, security-critical flag,
 * target type and the payload fields an event of each must carry, and the rule for custom actions.
 */
@NullMarked
package dev.attest.core.catalog;

import org.jspecify.annotations.NullMarked;
