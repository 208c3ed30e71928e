package dev.attest.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A log read from a running Attest server with the organization's API key. */
final class ServerLogSource implements LogSource {
    static final JsonMapper JSON = JsonMapper.shared();
    static final TypeReference<Map<String, @Nullable Object>> DOCUMENT = new TypeReference<>() {};

    private final ServerConnection server = new ServerConnection();
    private final String base;
    private final String apiKey;

    ServerLogSource(String url, String organization, String apiKey) {
        this.base = url.replaceAll("/+$", "") + "/v1/organizations/" + organization;
        this.apiKey = apiKey;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofMinutes(30));
    }

    @Override
    public String checkpointNote() throws IOException {
        return server.text(request("/checkpoint").header("Accept", "text/plain").build());
    }

    @Override
    public void events(long size, EventSink sink) throws IOException, VerificationFailure {
        InputStream body = server.send(request("/export?to=" + size).build()).body();
        try (var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    sink.accept(ExportFileSource.parse(line));
                }
            }
        }
    }

    @Override
    public Optional<List<byte[]>> consistencyProof(long from, long to) throws IOException {
        String json = server.text(
                request("/proofs/consistency?from=" + from + "&to=" + to).build());
        JsonNode proof = JSON.readTree(json);
        return Optional.of(proof.get("hashes")
                .valueStream()
                .map(h -> HexFormat.of().parseHex(h.asString()))
                .toList());
    }
}
