package dev.attest.storage.sqlite;

import dev.attest.core.store.Storage;
import dev.attest.storage.testkit.MemberStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteMemberStoreTest extends MemberStoreContract {
    @TempDir
    Path dataDirectory;

    @Override
    protected Storage openStorage() {
        return SqliteStorage.open(dataDirectory, 2);
    }
}
