package dev.attest.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Works out each request's client address once: the connection's peer, or behind a {@linkplain TrustedProxies
 * trusted proxy} the address it forwarded. What the console records as {@code context.ip} and what the sign-in
 * throttle counts by.
 */
public final class ClientAddresses implements Filter {
    private static final String CONTEXT_KEY = "attest.client-address";

    private final TrustedProxies proxies;

    ClientAddresses(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (request.remotePeer().address() instanceof InetSocketAddress socket && socket.getAddress() != null) {
            InetAddress client = proxies.isEmpty()
                    ? socket.getAddress()
                    : proxies.client(
                            socket.getAddress(),
                            request.headers().all(HeaderNames.X_FORWARDED_FOR, List::of),
                            request.headers().all(HeaderNames.FORWARDED, List::of));
            request.context().register(CONTEXT_KEY, text(client));
        }
        chain.proceed();
    }

    /** The address the filter found for this request, as text without a zone; empty if the peer has none. */
    public static Optional<String> of(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, String.class);
    }

    private static String text(InetAddress address) {
        String ip = address.getHostAddress();
        int zone = ip.indexOf('%');
        return zone < 0 ? ip : ip.substring(0, zone);
    }
}
