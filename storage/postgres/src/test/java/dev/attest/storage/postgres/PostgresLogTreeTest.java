package dev.attest.storage.postgres;

import dev.attest.core.store.Storage;
import dev.attest.storage.testkit.LogTreeContract;
import org.jspecify.annotations.Nullable;

class PostgresLogTreeTest extends LogTreeContract {
    /** The contract reopens the same database within a test. */
    private @Nullable String schemaUrl;

    @Override
    protected Storage openStorage() {
        if (schemaUrl == null) {
            schemaUrl = TestDatabases.freshSchema(TestDatabases.embedded());
        }
        return TestDatabases.open(schemaUrl, 4);
    }
}
