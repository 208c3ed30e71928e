package dev.attest.storage.sqlite;

import dev.attest.storage.jdbc.Dialect;
import dev.attest.storage.jdbc.EventRow;
import dev.attest.storage.jdbc.LeafDataBackfill;
import dev.attest.storage.jdbc.Micros;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * SQLite: instants as epoch microseconds in {@code INTEGER} columns; one writer at a time, so a write transaction
 * ({@code BEGIN IMMEDIATE}) needs no row locks; events written with one batched {@code INSERT}.
 */
final class SqliteDialect implements Dialect {
    @Override
    public String migrations() {
        return "classpath:db/sqlite";
    }

    @Override
    public List<JavaMigration> javaMigrations() {
        return List.of(new LeafDataBackfill(
                this,
                List.of("ALTER TABLE events ADD COLUMN leaf_data BLOB"),
                List.of("ALTER TABLE events DROP COLUMN payload")));
    }

    @Override
    public void configure(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.BIGINT) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                long micros = Micros.of(value);
                return (position, statement, ctx) -> statement.setLong(position, micros);
            }
        });
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            long micros = rs.getLong(column);
            return rs.wasNull() ? null : Micros.toInstant(micros);
        });
    }

    @Override
    public String lockRows() {
        return "";
    }

    @Override
    public String snapshotBound() {
        // "+seq": the snapshot bound must filter, not choose the index. As a primary-key range it made SQLite read
        // the whole log in seq order and sort it, instead of walking a filter's index newest first (every index ends
        // in occurred_at, seq).
        return "+seq <= ?";
    }

    @Override
    public boolean unionPerAction() {
        return true;
    }

    /** Below this many matches in the database, a page of a text starts from the text index. */
    private static final int RARE_BELOW = 2_000;

    @Override
    public String contains(String column) {
        return "instr(" + column + ", ?) > 0";
    }

    /**
     * Through the FTS5 trigram index (V24) when the text has at least 3 characters (trigrams) and fewer than
     * {@value #RARE_BELOW} events in the database contain it; a common text is found faster by walking the filter's
     * index newest first, where matches come early. The join is a {@code CROSS JOIN} so that SQLite keeps the matches
     * as the outer loop.
     */
    @Override
    public Optional<TextMatches> textMatches(Handle handle, String text) {
        if (text.codePointCount(0, text.length()) < 3) {
            return Optional.empty();
        }
        // An FTS5 phrase: the text between double quotes, a double quote doubled (sqlite.org/fts5.html §3.1).
        String phrase = "\"" + text.replace("\"", "\"\"") + "\"";
        int found = handle.createQuery("SELECT count(*) FROM (SELECT 1 FROM events_search WHERE events_search MATCH ?"
                        + " LIMIT " + RARE_BELOW + ")")
                .bind(0, phrase)
                .mapTo(Integer.class)
                .one();
        if (found >= RARE_BELOW) {
            return Optional.empty();
        }
        return Optional.of(new TextMatches(
                "(SELECT rowid AS match_rowid FROM events_search WHERE events_search MATCH ?) AS matches"
                        + " CROSS JOIN events ON events.rowid = matches.match_rowid",
                phrase));
    }

    @Override
    public String epochMicros(String column) {
        return column;
    }

    @Override
    public void insertEvents(Handle handle, List<EventRow> rows) {
        EventRow.insertBatch(handle, rows);
    }
}
