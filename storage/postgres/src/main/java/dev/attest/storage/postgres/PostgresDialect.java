package dev.attest.storage.postgres;

import dev.attest.storage.jdbc.Dialect;
import dev.attest.storage.jdbc.EventRow;
import dev.attest.storage.jdbc.LeafDataBackfill;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * PostgreSQL: instants as {@code timestamptz} (microseconds, the event format's precision); appends lock their
 * organizations' rows ({@code FOR NO KEY UPDATE}), so that several Attest processes take turns per log; events are written
 * with one {@code COPY} per group into the monthly partitions, which are made before an append needs them.
 */
final class PostgresDialect implements Dialect {
    private static final String COPY = "COPY events (" + EventRow.COLUMNS + ") FROM STDIN";

    /**
     * Groups smaller than this go as one multi-row INSERT (the driver rewrites the batch): a COPY into the partitioned
     * table has a fixed cost of a few milliseconds, more than a small group's rows cost (ingest-profile, issue 14).
     */
    static final int COPY_FROM = 64;

    private final @Nullable Partitions partitions;

    /** @param partitions the partitions of {@code events}; {@code null} while migrating, before appends can happen */
    PostgresDialect(@Nullable Partitions partitions) {
        this.partitions = partitions;
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public String migrations() {
        return "classpath:db/postgresql";
    }

    @Override
    public List<JavaMigration> javaMigrations() {
        return List.of(new LeafDataBackfill(
                this,
                List.of("ALTER TABLE events ADD COLUMN leaf_data bytea"),
                List.of(
                        "ALTER TABLE events DROP COLUMN payload",
                        "ALTER TABLE events ALTER COLUMN leaf_data SET NOT NULL")));
    }

    @Override
    public void configure(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                OffsetDateTime at = timestamp(value);
                return (position, statement, ctx) -> statement.setObject(position, at);
            }
        });
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
            return at == null ? null : at.toInstant();
        });
    }

    @Override
    public String lockRows() {
        // NO KEY UPDATE: appends take turns per log, but a transaction that also wrote a row referring to the
        // organization (its foreign key check holds KEY SHARE on the organization's row) does not deadlock with them.
        return " FOR NO KEY UPDATE";
    }

    @Override
    public String snapshotBound() {
        return "seq <= ?";
    }

    @Override
    public boolean unionPerAction() {
        return false;
    }

    @Override
    public String contains(String column) {
        // LIKE, not strpos(): the same rows, and a pg_trgm GIN index (V23) can find them.
        return column + " LIKE ?";
    }

    /** LIKE's default escape character. */
    private static final char LIKE_ESCAPE = '\\';

    /** {@code %text%}, with LIKE's wildcards and its escape character (backslash) escaped in the text. */
    @Override
    public Object containsArgument(String text) {
        var pattern = new StringBuilder(text.length() + 8).append('%');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                pattern.append(LIKE_ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    @Override
    public String epochMicros(String column) {
        return "(extract(epoch FROM " + column + ") * 1000000)::bigint";
    }

    @Override
    public String storedIds(int count) {
        // Not "id IN (…)": on a partition without statistics yet (a new month, a fresh schema; autovacuum analyzes it
        // a minute later at best) the planner chose a bitmap scan of the organization's rows filtered by id, whose
        // cost grows with the log: 100-400 ms per group at 150k events, against ~2 ms for one index probe per id.
        // LATERAL … LIMIT 1 leaves it no other plan than probing the unique (organization_id, id) index.
        return "SELECT e.id, e.seq FROM (VALUES " + "(?), ".repeat(count - 1) + "(?)) AS wanted (id)"
                + " CROSS JOIN LATERAL (SELECT id, seq FROM events"
                + " WHERE organization_id = ? AND id = wanted.id LIMIT 1) AS e";
    }

    @Override
    public void insertEvents(Handle handle, List<EventRow> rows) {
        if (rows.size() < COPY_FROM) {
            EventRow.insertBatch(handle, rows);
            return;
        }
        var copy = new CopyText();
        for (EventRow row : rows) {
            for (Object value : row.values()) {
                copy.field(value);
            }
            copy.endRow();
        }
        try {
            handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(copy.text()));
        } catch (SQLException e) {
            throw new IllegalStateException("COPY of " + copy.rows() + " events failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void prepareAppend(List<Instant> receivedAt) {
        if (partitions != null) {
            partitions.ensureFor(receivedAt);
        }
    }
}
