package dev.attest.storage.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.attest.core.store.Storage;
import dev.attest.storage.testkit.EventStoreContract;
import dev.attest.storage.testkit.LogTreeContract;
import dev.attest.storage.testkit.MemberStoreContract;
import dev.attest.storage.testkit.OrganizationStoreContract;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;

/**
 * The whole contract suite against the machine's PostgreSQL at 127.0.0.1:5432 (a server version other than the
 * embedded one); skipped where none runs.
 */
class LocalPostgresContractIT {
    private static Storage openLocal(int poolSize) {
        assumeTrue(TestDatabases.localIsReachable(), "no PostgreSQL at 127.0.0.1:5432");
        return TestDatabases.open(TestDatabases.freshSchema(TestDatabases.local()), poolSize);
    }

    @Nested
    class Events extends EventStoreContract {
        @Override
        protected Storage openStorage() {
            return openLocal(8);
        }
    }

    @Nested
    class Organizations extends OrganizationStoreContract {
        @Override
        protected Storage openStorage() {
            return openLocal(2);
        }
    }

    @Nested
    class Members extends MemberStoreContract {
        @Override
        protected Storage openStorage() {
            return openLocal(2);
        }
    }

    @Nested
    class Trees extends LogTreeContract {
        private @Nullable String schemaUrl;

        @Override
        protected Storage openStorage() {
            assumeTrue(TestDatabases.localIsReachable(), "no PostgreSQL at 127.0.0.1:5432");
            if (schemaUrl == null) {
                schemaUrl = TestDatabases.freshSchema(TestDatabases.local());
            }
            return TestDatabases.open(schemaUrl, 4);
        }
    }
}
