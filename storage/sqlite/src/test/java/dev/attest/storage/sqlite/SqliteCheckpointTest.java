package dev.attest.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.OrganizationId;
import dev.attest.storage.testkit.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committed events reach the database file itself without a commit running the checkpoint (WalCheckpointer). */
class SqliteCheckpointTest {
    @TempDir
    Path dataDirectory;

    @TempDir
    Path copy;

    @Test
    void append_fewerPagesThanTheWritersThreshold_reachTheDatabaseFileOnTheirOwn() throws Exception {
        try (var storage = SqliteStorage.open(dataDirectory, 1)) {
            OrganizationId org = TestEvents.organization(storage, "Acme").getKey();
            TestEvents.append(
                    storage,
                    org,
                    List.of(TestEvents.roleChange(1), TestEvents.roleChange(2), TestEvents.roleChange(3)));

            // A few pages, far below the writer's wal_autocheckpoint: only the checkpoint thread copies them into
            // attest.db. Read a copy of that file alone, without its WAL.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long inFile = -1;
            while (inFile != 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                inFile = eventsInFileAlone(org);
            }
            assertThat(inFile).isEqualTo(3);
            assertThat(storage.events().size(org)).isEqualTo(3);
        }
    }

    /** The events of {@code org} in a copy of attest.db taken now without its WAL; -1 if the copy is not readable. */
    private long eventsInFileAlone(OrganizationId org) throws Exception {
        Path file = copy.resolve(SqliteStorage.FILE_NAME);
        Files.deleteIfExists(copy.resolve(SqliteStorage.FILE_NAME + "-wal"));
        Files.copy(dataDirectory.resolve(SqliteStorage.FILE_NAME), file, StandardCopyOption.REPLACE_EXISTING);
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                var count = connection.prepareStatement("SELECT count(*) FROM events WHERE organization_id = ?")) {
            count.setString(1, org.value());
            try (var rows = count.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        } catch (SQLException e) {
            // Copied before the schema was checkpointed, or in the middle of a checkpoint: look again.
            return -1;
        }
    }
}
