package dev.attest.storage.postgres;

import dev.attest.core.store.Storage;
import dev.attest.storage.testkit.StorageContracts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every storage contract on an embedded PostgreSQL server (from Maven, so that it runs wherever the build does); each
 * test gets a schema of its own. {@link LocalPostgresContractIT} runs the same on the machine's server.
 */
class PostgresStorageTest extends StorageContracts {
    /** The schema of the current test; a second open within one test reopens it. */
    private @Nullable String schemaUrl;

    @BeforeEach
    void freshSchema() {
        schemaUrl = null;
    }

    @Override
    protected Storage openDatabase() {
        if (schemaUrl == null) {
            schemaUrl = TestDatabases.freshSchema(TestDatabases.embedded());
        }
        return TestDatabases.open(schemaUrl, 8);
    }
}
