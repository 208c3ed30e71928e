package dev.attest.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;

/** Reading columns whose type the {@link Dialect} decides. */
public final class Rows {
    private Rows() {}

    /** The instant in {@code column}, as the dialect stores instants. */
    public static Instant instant(ResultSet rs, String column, StatementContext ctx) throws SQLException {
        Instant value = nullableInstant(rs, column, ctx);
        if (value == null) {
            throw new IllegalStateException("column " + column + " is NULL");
        }
        return value;
    }

    /** The instant in {@code column}, or {@code null}. */
    public static @Nullable Instant nullableInstant(ResultSet rs, String column, StatementContext ctx)
            throws SQLException {
        ColumnMapper<Instant> mapper = ctx.findColumnMapperFor(Instant.class)
                .orElseThrow(() -> new IllegalStateException("the dialect registered no instant mapper"));
        return mapper.map(rs, column, ctx);
    }
}
