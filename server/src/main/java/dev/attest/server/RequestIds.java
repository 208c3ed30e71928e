package dev.attest.server;

import dev.attest.core.event.IdGenerator;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in {@code X-Request-Id}: the caller's own when it sends a sane one, a new one
 * otherwise, so that a producer's logs and Attest's name the same request.
 */
public final class RequestIds implements Filter {
    static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String CONTEXT_KEY = "attest.request-id";

    private final IdGenerator ids;

    RequestIds(IdGenerator ids) {
        this.ids = ids;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String id = request.headers()
                .first(HEADER)
                .filter(value -> SANE.matcher(value).matches())
                .orElseGet(() -> "req_" + ids.ulid());
        request.context().register(CONTEXT_KEY, id);
        response.header(HEADER, id);
        chain.proceed();
    }

    /** The id the filter gave this request. */
    public static String of(ServerRequest request) {
        return request.context().get(CONTEXT_KEY, String.class).orElse("unknown");
    }
}
