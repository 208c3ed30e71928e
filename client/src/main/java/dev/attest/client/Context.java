package dev.attest.client;

import org.jspecify.annotations.Nullable;

/**
 * Where the action came from. Immutable.
 *
 * @param ip an IPv4 or IPv6 address literal
 * @param requestId the producer's own request id, to correlate with its logs
 */
public record Context(
        @Nullable String ip,
        @Nullable String userAgent,
        @Nullable String requestId) {
    public static Context ip(String ip) {
        return new Context(ip, null, null);
    }

    public Context withUserAgent(String value) {
        return new Context(ip, value, requestId);
    }

    public Context withRequestId(String value) {
        return new Context(ip, userAgent, value);
    }
}
