package dev.attest.storage.postgres;

import dev.attest.core.store.Storage;
import dev.attest.storage.testkit.MemberStoreContract;

class PostgresMemberStoreTest extends MemberStoreContract {
    @Override
    protected Storage openStorage() {
        return TestDatabases.open(TestDatabases.freshSchema(TestDatabases.embedded()), 2);
    }
}
