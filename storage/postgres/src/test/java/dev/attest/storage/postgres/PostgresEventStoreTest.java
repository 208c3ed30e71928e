package dev.attest.storage.postgres;

import dev.attest.core.store.Storage;
import dev.attest.storage.testkit.EventStoreContract;

class PostgresEventStoreTest extends EventStoreContract {
    @Override
    protected Storage openStorage() {
        return TestDatabases.open(TestDatabases.freshSchema(TestDatabases.embedded()), 8);
    }
}
