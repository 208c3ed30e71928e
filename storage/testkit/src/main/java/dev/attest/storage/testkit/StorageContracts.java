package dev.attest.storage.testkit;

import dev.attest.core.store.Storage;
import org.junit.jupiter.api.Nested;

/**
 * Every contract of this kit, for one backend: a backend's test extends this class once and says how to open its
 * storage; a new contract is one nested class here and runs on every backend. Within one test, a second
 * {@link #openDatabase()} must reopen the same database (the tree contract reopens it).
 */
public abstract class StorageContracts {
    /** The backend's storage, migrated; empty on the first call of a test, the same database on later calls. */
    protected abstract Storage openDatabase() throws Exception;

    @Nested
    class Events extends EventStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class CanonicalBytes extends CanonicalBytesContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class TextSearch extends TextSearchContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class Trees extends LogTreeContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class Transactions extends TransactionContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class Organizations extends OrganizationStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class Members extends MemberStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class Invitations extends InvitationStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class ApiKeys extends ApiKeyStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class Mfa extends MfaStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class Passkeys extends PasskeyStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class RateLimits extends RateLimitStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class Apps extends AppStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class Groups extends GroupStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class Directory extends DirectoryStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }

    @Nested
    class Viewers extends ViewerStoreContract {
        @Override
        protected Storage openStorage() throws Exception {
            return openDatabase();
        }
    }
}
