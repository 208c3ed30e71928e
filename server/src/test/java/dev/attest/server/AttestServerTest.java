package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attest.integrity.NoteSigner;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestServerTest {
    @TempDir
    Path data;

    @Test
    void build_withoutSigner_failsNamingTheMissingKey() {
        try (var storage = SqliteStorage.open(data, 1)) {
            AttestServer.Builder builder =
                    AttestServer.builder().storage(storage).port(0);

            assertThatThrownBy(builder::build)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("checkpoint signing key")
                    .hasMessageContaining("CheckpointKey.loadOrCreate");
        }
    }

    @Test
    void build_withThePersistentKey_signsWithItAcrossRestarts() {
        Path file = data.resolve(CheckpointKey.FILE_NAME);
        NoteSigner first = CheckpointKey.loadOrCreate(file, "attest.test");
        try (var storage = SqliteStorage.open(data, 1)) {
            AttestServer server = AttestServer.builder()
                    .storage(storage)
                    .signer(CheckpointKey.loadOrCreate(file, "attest.test"))
                    .installation("attest.test")
                    .port(0)
                    .build();

            assertThat(server.checkpointer().verifierKey()).isEqualTo(first.verifierKey());
        }
    }
}
