package dev.attest.storage.postgres;

import static dev.attest.storage.testkit.TestEvents.organization;
import static dev.attest.storage.testkit.TestEvents.roleChange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.attest.core.event.NewEvent;
import dev.attest.core.event.OrganizationId;
import dev.attest.core.store.AppendRequest;
import dev.attest.testing.TestClock;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Partitions of {@code events} are made however many sessions ask for one month at once: several Attest processes
 * starting together on a fresh database, or many writers appending to a month that has no partition yet.
 */
class PartitionCreationTest {
    private static final int SESSIONS = 32;

    /** Months that no storage made ahead: a few before the tests' "now". */
    private static List<YearMonth> freshMonths() {
        YearMonth current = YearMonth.from(TestClock.now().atOffset(ZoneOffset.UTC));
        return List.of(current.minusMonths(1), current.minusMonths(2), current.minusMonths(7), current.minusYears(3));
    }

    private static Instant firstInstantOf(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    @Test
    void ensurePartition_manySessionsAtOnceForOneFreshMonth_allSucceedAndOnePartitionExists() throws Exception {
        String url = TestDatabases.freshSchema(TestDatabases.embedded());
        TestDatabases.open(url, 2).close();
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        try {
            for (YearMonth month : freshMonths()) {
                var barrier = new CyclicBarrier(SESSIONS);
                var calls = new ArrayList<Callable<String>>();
                for (int s = 0; s < SESSIONS; s++) {
                    calls.add(() -> {
                        try (var connection = DriverManager.getConnection(url);
                                var call = connection.prepareStatement("SELECT attest_ensure_events_partition(?)")) {
                            call.setObject(
                                    1,
                                    PostgresDialect.timestamp(
                                            firstInstantOf(month).plusSeconds(3600)));
                            barrier.await(30, TimeUnit.SECONDS);
                            try (var result = call.executeQuery()) {
                                result.next();
                                return result.getString(1);
                            }
                        }
                    });
                }
                var failures = new ArrayList<String>();
                var names = new ArrayList<String>();
                for (Future<String> call : pool.invokeAll(calls)) {
                    try {
                        names.add(call.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(String.valueOf(e.getCause()));
                    }
                }

                String expected = "events_%04d_%02d".formatted(month.getYear(), month.getMonthValue());
                assertThat(failures).as("failed calls for %s", month).isEmpty();
                assertThat(names).hasSize(SESSIONS).containsOnly(expected);
                assertThat(uniqueIndexesOf(url, expected))
                        .containsExactlyInAnyOrder(expected + "_id_key", expected + "_seq_key");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void append_twoProcessesOfWritersIntoAMonthWithoutPartition_storeEveryEvent() throws Exception {
        String url = TestDatabases.freshSchema(TestDatabases.embedded());
        Instant receivedAt = firstInstantOf(freshMonths().getLast()).plusSeconds(86_400);
        try (PostgresStorage first = TestDatabases.open(url, 8);
                PostgresStorage second = TestDatabases.open(url, 8)) {
            var orgs = new ArrayList<OrganizationId>();
            for (int o = 0; o < 8; o++) {
                orgs.add(organization(first, "Org " + o).getKey());
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                var barrier = new CyclicBarrier(16);
                var writers = new ArrayList<Callable<Integer>>();
                for (int w = 0; w < 16; w++) {
                    PostgresStorage process = w % 2 == 0 ? first : second;
                    OrganizationId org = orgs.get(w % orgs.size());
                    writers.add(() -> {
                        List<NewEvent> events = List.of(roleChange(1), roleChange(2));
                        barrier.await(30, TimeUnit.SECONDS);
                        return process.events()
                                .append(List.of(new AppendRequest(org, receivedAt, events)))
                                .getFirst()
                                .size();
                    });
                }
                int stored = 0;
                for (Future<Integer> writer : pool.invokeAll(writers)) {
                    stored += writer.get();
                }
                assertThat(stored).isEqualTo(32);
            } finally {
                pool.shutdownNow();
            }
            long total = 0;
            for (OrganizationId org : orgs) {
                total += first.events().size(org);
            }
            assertThat(total).isEqualTo(32);
        }
    }

    private static List<String> uniqueIndexesOf(String url, String table) throws SQLException {
        try (var connection = DriverManager.getConnection(url);
                var query = connection.prepareStatement(
                        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?"
                                + " AND indexdef LIKE 'CREATE UNIQUE INDEX %'")) {
            query.setString(1, table);
            var names = new ArrayList<String>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        }
    }
}
