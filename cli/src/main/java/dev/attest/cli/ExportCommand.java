package dev.attest.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attest export}: an organization's whole log and its signed checkpoint, for offline verification. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Download an organization's log as JSON Lines (events.jsonl) with the signed checkpoint that",
            "covers it (checkpoint.txt), for `attest verify --export … --checkpoint …` anywhere, offline."
        })
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, paramLabel = "URL", description = "The Attest server")
    String url = "";

    @Option(names = "--org", required = true, paramLabel = "ORG", description = "The organization id")
    String organization = "";

    @Option(
            names = "--api-key",
            required = true,
            paramLabel = "KEY",
            defaultValue = "${env:ATTEST_API_KEY}",
            description = "The organization's API key (default: $ATTEST_API_KEY)")
    String apiKey = "";

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the two files (default: .)")
    Path out = Path.of(".");

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String base = url.replaceAll("/+$", "") + "/v1/organizations/" + organization;
        HttpResponse<InputStream> response = new ServerConnection()
                .send(HttpRequest.newBuilder(URI.create(base + "/export"))
                        .header("Authorization", "Bearer " + apiKey)
                        .build());
        Files.createDirectories(out);
        Path events = out.resolve("events.jsonl");
        Path partial = out.resolve("events.jsonl.part");
        try (InputStream in = response.body()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, events, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String note = new String(
                Base64.getDecoder()
                        .decode(response.headers()
                                .firstValue("Attest-Checkpoint")
                                .orElseThrow(() -> new IOException("the server sent no checkpoint with the export"))),
                StandardCharsets.UTF_8);
        Files.writeString(out.resolve("checkpoint.txt"), note, StandardCharsets.UTF_8);
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "exported %s events of %s to %s and %s%n",
                        response.headers().firstValue("Attest-Checkpoint-Size").orElse("?"),
                        organization,
                        events,
                        out.resolve("checkpoint.txt"));
        return 0;
    }
}
