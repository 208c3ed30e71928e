/**
 * The people who sign in to the console: members of an organization with a role, and the installation's
 * super-users; their sessions. Passwords appear here only as hashes.
 */
@NullMarked
package dev.attest.core.member;

import org.jspecify.annotations.NullMarked;
