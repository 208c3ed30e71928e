/**
 * Attest's domain: events and their validation against the built-in catalog, organizations and their API keys, and
 * the ports ({@link dev.attest.core.store.EventStore} …) that storage backends implement.
 *
 * <p>No SQL, HTTP or JSON library types belong here; JSON documents are plain Java values (maps, lists, strings,
 * numbers, booleans and {@code null}).
 */
@NullMarked
package dev.attest.core;

import org.jspecify.annotations.NullMarked;
