/**
 * How Attest's mail leaves the installation: over SMTP ({@code ATTEST_SMTP_URL}, Jakarta Mail through Angus Mail), or
 * into the outbox table that super-users read when no SMTP server is configured. Nothing here logs a message's text:
 * it may hold a single-use link.
 */
@NullMarked
package dev.attest.server.mail;

import org.jspecify.annotations.NullMarked;
