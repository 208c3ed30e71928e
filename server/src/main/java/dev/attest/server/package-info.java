/**
 * The Attest server: Helidon SE wiring, the HTTP API ({@code /v1/…}), health checks and the OpenAPI document.
 * Handlers are thin: they parse, call the domain, and write JSON; exceptions become RFC 9457 problem documents in
 * exactly one place, {@link dev.attest.server.ProblemMapper}. {@link dev.attest.server.AttestServer} is the entry
 * point.
 */
@NullMarked
package dev.attest.server;

import org.jspecify.annotations.NullMarked;
