package dev.attest.server;

import dev.attest.core.ingest.Sequencer;
import dev.attest.core.store.Storage;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.Map;

/** {@code /health/live} (the process answers) and {@code /health/ready} (the database answers and the writer runs). */
final class HealthRoutes implements HttpService {
    private final Storage storage;
    private final Sequencer sequencer;

    HealthRoutes(Storage storage, Sequencer sequencer) {
        this.storage = storage;
        this.sequencer = sequencer;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/live", (request, response) -> EventRoutes.sendJson(response, Map.of("status", "up")))
                .get("/ready", (request, response) -> {
                    boolean database = storage.isHealthy();
                    boolean writer = sequencer.isRunning();
                    response.status(database && writer ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
                    EventRoutes.sendJson(
                            response,
                            Map.of(
                                    "status", database && writer ? "up" : "down",
                                    "database", database ? "up" : "down",
                                    "writer", writer ? "up" : "down"));
                });
    }
}
