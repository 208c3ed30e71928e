package dev.attest.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.storage.testkit.TestEvents;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How events lie in the SQLite file (schema version 6): a row with its canonical bytes stays on its page, and every
 * filter's first page is still read along an index without sorting.
 */
class SqliteEventsLayoutTest {
    private static final int EVENTS = 400;

    @TempDir
    Path dataDirectory;

    @Test
    void append_rowsOfAboutOneAndAHalfKilobytes_takeNoOverflowPageEach() throws Exception {
        OrganizationId org;
        long emptyPages;
        try (var storage = SqliteStorage.open(dataDirectory, 1)) {
            org = TestEvents.organization(storage, "Acme").getKey();
            // What every other table and index of the schema takes, so that only the events' own pages are counted.
            emptyPages = pageCount();
            var events = new ArrayList<NewEvent>();
            for (int i = 0; i < EVENTS; i++) {
                NewEvent e = TestEvents.roleChange(i);
                events.add(new NewEvent(
                        e.id(),
                        e.action(),
                        e.occurredAt(),
                        e.actor(),
                        e.target(),
                        e.outcome(),
                        e.workspace(),
                        e.context(),
                        Map.of("from", "member", "to", "admin", "note", "n".repeat(600))));
            }
            TestEvents.append(storage, org, events);
        }
        long bytesPerEvent = (pageCount() - emptyPages) * 4096 / EVENTS;
        // ~1.5 KB of row plus a dozen index entries; a row spilling onto an overflow page alone costs 4 KB more.
        assertThat(bytesPerEvent).isLessThan(3_500);
    }

    private long pageCount() throws java.sql.SQLException {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve("attest.db"));
                var statement = connection.createStatement();
                var pages = statement.executeQuery("PRAGMA page_count")) {
            pages.next();
            return pages.getLong(1);
        }
    }

    @Test
    void firstPage_eachFilter_walksAnIndexWithoutSorting() throws Exception {
        SqliteStorage.open(dataDirectory, 1).close();
        List<String> filters = List.of(
                "",
                "action = 'a' AND",
                "category = 'c' AND",
                "actor_type = 'member' AND",
                "actor_id = 'u' AND",
                "actor_email = 'e' AND",
                "target_type = 't' AND",
                "target_id = 't' AND",
                "outcome = 'success' AND",
                "workspace = 'w' AND",
                "critical = 1 AND");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve("attest.db"))) {
            for (String filter : filters) {
                var plan = new StringBuilder();
                try (var statement = connection.createStatement();
                        var rows = statement.executeQuery(
                                "EXPLAIN QUERY PLAN SELECT seq, occurred_at, leaf_data, leaf_hash FROM events"
                                        + " WHERE organization_id = 'o' AND " + filter
                                        + " +seq <= 9 AND (occurred_at, seq) < (5, 5)"
                                        + " ORDER BY occurred_at DESC, seq DESC LIMIT 51")) {
                    while (rows.next()) {
                        plan.append(rows.getString("detail")).append('\n');
                    }
                }
                assertThat(plan.toString()).as(filter).contains("USING INDEX").doesNotContain("TEMP B-TREE");
            }
        }
    }
}
