package dev.attest.core.event;

import org.jspecify.annotations.Nullable;

/**
 * Where the action came from.
 *
 * @param ip an IPv4 or IPv6 address literal
 */
public record RequestContext(
        @Nullable String ip,
        @Nullable String userAgent,
        @Nullable String requestId) {
    /** A context with nothing known. */
    public static final RequestContext NONE = new RequestContext(null, null, null);

    public boolean isEmpty() {
        return ip == null && userAgent == null && requestId == null;
    }
}
