package dev.attest.server;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * One INFO line per request, and its meters: request id, method, route template, status and duration. Never the path
 * itself, the query, a header or a body: those carry organization ids, filters and keys.
 */
final class RequestLog implements Filter {
    private static final System.Logger LOG = System.getLogger("dev.attest.http");

    private final ServerMetrics metrics;

    RequestLog(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long start = System.nanoTime();
        boolean thrown = true;
        try {
            chain.proceed();
            thrown = false;
        } finally {
            long nanos = System.nanoTime() - start;
            // What escapes the chain is answered 500 by the error handler after this filter.
            int status = thrown ? 500 : response.status().code();
            String route = Routes.of(
                    request.prologue().method().text(),
                    request.path().absolute().path());
            metrics.request(route, status, nanos);
            if (LOG.isLoggable(System.Logger.Level.INFO)) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "request id={0} route={1} status={2} duration_ms={3}",
                        RequestIds.of(request),
                        route,
                        String.valueOf(status),
                        String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6));
            }
        }
    }
}
