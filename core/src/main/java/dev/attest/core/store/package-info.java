/**
 * The ports that storage backends implement ({@link dev.attest.core.store.Storage},
 * {@link dev.attest.core.store.EventStore}, {@link dev.attest.core.store.OrganizationStore}) and the values that cross
 * them: queries, pages, cursors. Every backend passes the contract suite in {@code storage/testkit}.
 */
@NullMarked
package dev.attest.core.store;

import org.jspecify.annotations.NullMarked;
