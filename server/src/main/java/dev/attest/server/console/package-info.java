/**
 * The console: server-rendered pages (JTE templates, htmx) where members and super-users sign in and read an
 * organization's audit log. Every string that comes from an event is untrusted and reaches the page only through the
 * templates' HTML escaping. {@link dev.attest.server.console.ConsoleRoutes} is the entry point.
 */
@NullMarked
package dev.attest.server.console;

import org.jspecify.annotations.NullMarked;
