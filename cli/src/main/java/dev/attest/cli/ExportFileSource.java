package dev.attest.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/** A log exported to disk: events as JSON Lines, and the signed checkpoint that covers them. */
final class ExportFileSource implements LogSource {
    private final Path events;
    private final Path checkpoint;

    ExportFileSource(Path events, Path checkpoint) {
        this.events = events;
        this.checkpoint = checkpoint;
    }

    @Override
    public String checkpointNote() throws IOException {
        return Files.readString(checkpoint, StandardCharsets.UTF_8);
    }

    @Override
    public void events(long size, EventSink sink) throws IOException, VerificationFailure {
        try (BufferedReader reader = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    sink.accept(parse(line));
                }
            }
        }
    }

    static Map<String, @Nullable Object> parse(String line) throws VerificationFailure {
        try {
            return ServerLogSource.JSON.readValue(line, ServerLogSource.DOCUMENT);
        } catch (JacksonException e) {
            throw new VerificationFailure("a line of the export is not a JSON event: " + e.getOriginalMessage());
        }
    }

    @Override
    public Optional<List<byte[]>> consistencyProof(long from, long to) {
        return Optional.empty();
    }
}
