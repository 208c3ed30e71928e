package dev.attest.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/** {@code GET /metrics} on the metrics listener: every series in Prometheus' text format, behind an optional token. */
final class MetricsRoutes implements HttpService {
    private final ServerMetrics metrics;
    private final byte @Nullable [] expected;

    MetricsRoutes(ServerMetrics metrics, @Nullable String token) {
        this.metrics = metrics;
        this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get((request, response) -> {
            if (expected != null) {
                byte[] sent = request.headers()
                        .first(HeaderNames.AUTHORIZATION)
                        .orElse("")
                        .getBytes(StandardCharsets.UTF_8);
                // Constant time: how much of the token matched must not show in the answer's timing.
                if (!MessageDigest.isEqual(sent, expected)) {
                    response.status(Status.UNAUTHORIZED_401);
                    response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"attest-metrics\"");
                    response.send();
                    return;
                }
            }
            response.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            response.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
        });
    }
}
