package dev.attest.storage.postgres;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The monthly partitions of {@code events}. Each is created ahead of time ({@link #ensureAhead}), and on demand before
 * an append whose {@code received_at} falls in a month without one — never inside the append transaction, whose row
 * locks the DDL would hold up. Thread-safe.
 */
final class Partitions {
    /** How many months past the current one are kept ready. */
    static final int MONTHS_AHEAD = 3;

    private final Jdbi jdbi;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    Partitions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Makes sure the partitions of {@code now}'s month and the {@link #MONTHS_AHEAD} next ones exist. */
    void ensureAhead(Instant now) {
        YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        var months = new TreeSet<YearMonth>();
        for (int i = 0; i <= MONTHS_AHEAD; i++) {
            months.add(month.plusMonths(i));
        }
        ensure(months);
    }

    /** Makes sure every instant has a partition to go to. */
    void ensureFor(Collection<Instant> instants) {
        var missing = new TreeSet<YearMonth>();
        for (Instant at : instants) {
            YearMonth month = YearMonth.from(at.atOffset(ZoneOffset.UTC));
            if (!known.contains(month)) {
                missing.add(month);
            }
        }
        if (!missing.isEmpty()) {
            ensure(missing);
        }
    }

    private void ensure(Collection<YearMonth> months) {
        for (YearMonth month : months) {
            if (known.contains(month)) {
                continue;
            }
            jdbi.useHandle(handle -> handle.createQuery("SELECT attest_ensure_events_partition(?)")
                    .bind(
                            0,
                            PostgresDialect.timestamp(
                                    month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)))
                    .mapTo(String.class)
                    .one());
            known.add(month);
        }
    }
}
