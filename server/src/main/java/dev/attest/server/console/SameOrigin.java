package dev.attest.server.console;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Defense in depth beside the console's CSRF tokens: a form posted from another site is refused before it is read.
 * The browser's own verdict comes first ({@code Sec-Fetch-Site}, sent by every current browser, and right behind a
 * reverse proxy that rewrites {@code Host}); a browser that does not send it is judged by {@code Origin} against
 * {@code Host}. A request with neither (not a browser) is left to the CSRF token.
 */
public final class SameOrigin {
    private SameOrigin() {}

    /** Whether a posted form may have come from one of the console's own pages. */
    public static boolean allows(ServerRequest request) {
        Optional<String> site = request.headers().first(HeaderNames.create("Sec-Fetch-Site"));
        if (site.isPresent()) {
            // "none": the person typed or bookmarked it; a form of ours is "same-origin".
            return site.get().equals("same-origin") || site.get().equals("none");
        }
        Optional<String> origin = request.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            return true;
        }
        Optional<String> host = request.headers().first(HeaderNames.HOST);
        return host.isPresent() && sameAuthority(origin.get(), host.get());
    }

    /** Whether the origin ({@code scheme://host[:port]}) names the host and port of the {@code Host} header. */
    private static boolean sameAuthority(String origin, String host) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme();
        String authority = uri.getRawAuthority();
        // "null" (a sandboxed frame, a data: URL) is no origin of ours.
        if (scheme == null
                || authority == null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
            return false;
        }
        int defaultPort = scheme.equalsIgnoreCase("https") ? 443 : 80;
        return withPort(authority, defaultPort).equals(withPort(host, defaultPort));
    }

    private static String withPort(String authority, int defaultPort) {
        String lower = authority.toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        boolean hasPort = colon > lower.lastIndexOf(']');
        return hasPort ? lower : lower + ":" + defaultPort;
    }
}
