package dev.attest.storage.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.attest.core.store.Storage;
import dev.attest.storage.testkit.StorageContracts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/**
 * The whole contract suite against the machine's PostgreSQL at 127.0.0.1:5432 (a server version other than the
 * embedded one); skipped where none runs.
 */
class LocalPostgresContractIT extends StorageContracts {
    private @Nullable String schemaUrl;

    @BeforeEach
    void freshSchema() {
        schemaUrl = null;
    }

    @Override
    protected Storage openDatabase() {
        assumeTrue(TestDatabases.localIsReachable(), "no PostgreSQL at 127.0.0.1:5432");
        if (schemaUrl == null) {
            schemaUrl = TestDatabases.freshSchema(TestDatabases.local());
        }
        return TestDatabases.open(schemaUrl, 8);
    }
}
