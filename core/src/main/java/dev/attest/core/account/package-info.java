/**
 * The security of one person's account (DESIGN.md §7, one's own account): the second factor (TOTP, RFC 6238) with its
 * single-use recovery codes, and the {@link dev.attest.core.account.SecretBox} that keeps TOTP seeds encrypted at
 * rest. Every change records its catalog event ({@code auth.mfa.enable}, {@code auth.mfa.disable}) in the same
 * transaction. No HTTP here: the console and the API call {@link dev.attest.core.account.MultiFactor}.
 */
@NullMarked
package dev.attest.core.account;

import org.jspecify.annotations.NullMarked;
