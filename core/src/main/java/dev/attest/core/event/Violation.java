package dev.attest.core.event;

/**
 * One broken rule of a request.
 *
 * @param pointer RFC 6901 JSON pointer to the offending value in the request body, e.g. {@code /3/payload/reason}
 * @param detail the field and the rule it breaks, e.g. "payload.reason is required for auth.login.failure"
 */
public record Violation(String pointer, String detail) {}
