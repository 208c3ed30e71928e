package dev.attest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.member.Role;
import dev.attest.server.console.Accounts;
import dev.attest.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detail drawer's integrity section tells the truth about the event it shows. */
class ConsoleDrawerIT {
    @TempDir
    Path data;

    TestServer server;
    ConsoleSession browser;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(SqliteStorage.open(data, 2), b -> b.checkpointInterval(Duration.ofMillis(100)));
        Accounts.Created ada = new Accounts(server.storage, Clock.systemUTC())
                .createMember(server.acmeId(), "ada@acme.test", "Ada Lovelace", Role.AUDITOR);
        assertThat(server.postAcme(Documents.roleChange("e1")).status()).isEqualTo(201);
        assertThat(server.postAcme(Documents.roleChange("e2")).status()).isEqualTo(201);
        server.awaitAcmeCheckpoint(2);
        browser = new ConsoleSession(server);
        browser.signInAs("ada@acme.test", ada.password());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String drawer(String id) {
        TestServer.Reply reply =
                browser.get("/orgs/" + server.acmeId().value() + "/events/" + id, "HX-Request", "true");
        assertThat(reply.status()).isEqualTo(200);
        return reply.raw().body();
    }

    @Test
    void drawer_intactEvent_rehashesItAndVerifiesItsInclusion() {
        String html = drawer("e1");

        assertThat(html).contains("Its content hashes to its leaf hash.").contains("Verified: included in the log of");
    }

    @Test
    void drawer_eventAlteredInTheDatabase_saysSoAndNeverVerified() throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteStorage.FILE_NAME));
                var sql = connection.createStatement()) {
            // One letter of the target's name in the stored event, leaf hash and tree left as they were: what an
            // operator with the database file could do.
            assertThat(sql.executeUpdate("UPDATE events SET leaf_data = CAST(replace(CAST(leaf_data AS TEXT),"
                            + " 'Grace Hopper', 'Grace Hoppes') AS BLOB) WHERE id = 'e1'"))
                    .isEqualTo(1);
        }

        String altered = drawer("e1");
        String untouched = drawer("e2");

        assertThat(altered)
                .contains("Grace Hoppes")
                .contains("content does not match its leaf hash: it was altered after it was logged")
                .contains("Does NOT verify")
                .doesNotContain("Verified");
        assertThat(untouched).contains("Verified: included in the log of");
    }
}
