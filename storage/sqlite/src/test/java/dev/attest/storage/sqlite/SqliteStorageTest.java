package dev.attest.storage.sqlite;

import dev.attest.core.store.Storage;
import dev.attest.storage.testkit.StorageContracts;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Every storage contract on a real SQLite file; each test gets a data directory of its own. */
class SqliteStorageTest extends StorageContracts {
    @TempDir
    Path dataDirectory;

    @Override
    protected Storage openDatabase() {
        return SqliteStorage.open(dataDirectory, 4);
    }
}
