/**
 * Administration of an organization that records itself (DESIGN.md §7): who is acting ({@link
 * dev.attest.core.admin.Principal}) and with which permissions, the rules of each change, and the {@link
 * dev.attest.core.admin.Recorder} that appends the change's event in the same transaction as the change. No HTTP here:
 * the server resolves a request to a principal and maps these exceptions to problem documents.
 */
@NullMarked
package dev.attest.core.admin;

import org.jspecify.annotations.NullMarked;
