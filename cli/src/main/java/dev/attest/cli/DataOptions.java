package dev.attest.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the embedded database lives: {@code --data}, else {@code ATTEST_DATA_DIR}, else {@code ./data}. */
final class DataOptions {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Data directory (default: $ATTEST_DATA_DIR, else ./data).")
    @Nullable
    Path data;

    Path directory() {
        if (data != null) {
            return data;
        }
        String fromEnvironment = System.getenv("ATTEST_DATA_DIR");
        return Path.of(fromEnvironment == null || fromEnvironment.isBlank() ? "data" : fromEnvironment);
    }
}
