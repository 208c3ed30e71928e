package dev.attest.storage.sqlite;

import dev.attest.core.store.Storage;
import dev.attest.storage.testkit.EventStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventStoreTest extends EventStoreContract {
    @TempDir
    Path dataDirectory;

    @Override
    protected Storage openStorage() {
        return SqliteStorage.open(dataDirectory, 4);
    }
}
