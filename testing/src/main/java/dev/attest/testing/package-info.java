/**
 * Test support shared by every module's tests: {@link dev.attest.testing.TestClock}, the one source of "now" for test
 * fixtures, {@link dev.attest.testing.ExternalTools}, which skips (or, in CI, fails) a suite whose external
 * programs are missing, and {@link dev.attest.testing.TestOidcProvider}, an OpenID Connect provider in the JVM. Nothing here is shipped or used by production code.
 */
@NullMarked
package dev.attest.testing;

import org.jspecify.annotations.NullMarked;
