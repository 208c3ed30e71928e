/**
 * The contract every storage backend must pass: abstract JUnit suites that a backend's tests extend, supplying a
 * fresh, real {@link dev.attest.core.store.Storage}. No mocks: the suites exercise the real database.
 */
@NullMarked
package dev.attest.storage.testkit;

import org.jspecify.annotations.NullMarked;
