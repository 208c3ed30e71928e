/**
 * The Attest Java SDK for producers. {@link dev.attest.client.AttestClient} is the entry point: it sends
 * {@link dev.attest.client.Event}s synchronously, or buffers, batches and retries them in the background. Typed
 * factories for every built-in catalog action are in {@link dev.attest.client.CatalogEvents}; custom actions are built
 * with {@link dev.attest.client.Event#builder(String)}. A client authenticates with an organization's API key, or as a
 * developer app with its {@link dev.attest.client.AppCredentials} (access tokens fetched and refreshed by the client).
 *
 * <p>Only the JDK is used ({@code java.net.http.HttpClient}); JSON is read and written by small package-private
 * classes here. Nothing of the server belongs in this package.
 */
@NullMarked
package dev.attest.client;

import org.jspecify.annotations.NullMarked;
