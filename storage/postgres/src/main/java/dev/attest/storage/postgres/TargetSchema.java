package dev.attest.storage.postgres;

import dev.attest.storage.jdbc.Micros;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PGobject;

/** What {@link SqliteImport} reads of the PostgreSQL schema it copies into, and how a SQLite value becomes its type. */
final class TargetSchema {
    private TargetSchema() {}

    /**
     * The tables of the current schema (partitions aside: rows go to their parent), every table after the tables its
     * foreign keys refer to, otherwise by name.
     */
    static List<String> tablesInCopyOrder(Connection connection) throws SQLException {
        var tables = new TreeSet<String>();
        var parents = new HashMap<String, Set<String>>();
        try (var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT c.relname FROM pg_class c"
                        + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')"
                        + " AND NOT c.relispartition")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        try (var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT child.relname, parent.relname FROM pg_constraint k"
                        + " JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid"
                        + " WHERE k.contype = 'f' AND child.relnamespace = current_schema()::regnamespace")) {
            while (rows.next()) {
                parents.computeIfAbsent(rows.getString(1), t -> new HashSet<>()).add(rows.getString(2));
            }
        }
        var ordered = new ArrayList<String>();
        var placed = new HashSet<String>();
        while (ordered.size() < tables.size()) {
            boolean progress = false;
            for (String table : tables) {
                if (!placed.contains(table)
                        && placed.containsAll(parents.getOrDefault(table, Set.of()).stream()
                                .filter(p -> !p.equals(table))
                                .toList())) {
                    ordered.add(table);
                    placed.add(table);
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("the foreign keys among " + tables + " form a cycle");
            }
        }
        return ordered;
    }

    /** The columns of {@code table} in their order, each with its type ({@code information_schema} data type). */
    static Map<String, String> columns(Connection connection, String table) throws SQLException {
        var columns = new LinkedHashMap<String, String>();
        try (var statement = connection.prepareStatement("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position")) {
            statement.setString(1, table);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return columns;
    }

    /** The SQLite value in column {@code index} of {@code rows} as a value of the PostgreSQL {@code type}. */
    static @Nullable Object convert(ResultSet rows, int index, String type) throws SQLException {
        Object value = rows.getObject(index);
        if (value == null) {
            return null;
        }
        return switch (type) {
            case "timestamp with time zone" -> PostgresDialect.timestamp(Micros.toInstant(rows.getLong(index)));
            case "boolean" -> rows.getLong(index) != 0;
            case "bytea" -> rows.getBytes(index);
            case "bigint" -> rows.getLong(index);
            case "integer", "smallint" -> rows.getInt(index);
            case "text", "character varying" -> rows.getString(index);
            case "jsonb", "json" -> {
                var json = new PGobject();
                json.setType(type);
                json.setValue(rows.getString(index));
                yield json;
            }
            default -> throw new IllegalStateException("no conversion from SQLite to the PostgreSQL type " + type);
        };
    }
}
