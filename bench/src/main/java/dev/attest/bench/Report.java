package dev.attest.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run: a table of figure, value, baseline, ratio, target and verdict, with facts about the run,
 * printed for people and written as JSON and Markdown. Not thread-safe.
 */
final class Report {
    /** One line of the table; empty strings where a column does not apply. */
    record Row(String figure, String value, String baseline, String ratio, String target, String verdict) {}

    private final Map<String, String> facts = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();

    void fact(String name, String value) {
        facts.put(name, value);
    }

    void add(Row row) {
        rows.add(row);
    }

    /** A figure without a target (a baseline, or context). */
    void info(String figure, String value) {
        rows.add(new Row(figure, value, "", "", "", ""));
    }

    static String verdict(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }

    boolean allPass() {
        return rows.stream().noneMatch(r -> r.verdict().equals("FAIL"));
    }

    void print(PrintStream out) {
        out.println();
        facts.forEach((k, v) -> out.printf(Locale.ROOT, "%-22s %s%n", k, v));
        String[] header = {"figure", "value", "baseline", "ratio", "target", "verdict"};
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
        }
        for (Row row : rows) {
            String[] cells = cells(row);
            for (int c = 0; c < cells.length; c++) {
                width[c] = Math.max(width[c], cells[c].length());
            }
        }
        var rule = new StringBuilder();
        for (int w : width) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        out.println(rule);
        out.println(line(header, width));
        out.println(rule);
        for (Row row : rows) {
            out.println(line(cells(row), width));
        }
        out.println(rule);
    }

    /** Writes {@code name}.json and {@code name}.md into {@code directory}; returns the Markdown file. */
    Path write(Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        var json = new LinkedHashMap<String, Object>();
        json.put("facts", facts);
        json.put("figures", rows);
        Files.write(
                directory.resolve(name + ".json"),
                EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        var md = new StringBuilder("# Attest benchmark\n\n");
        facts.forEach(
                (k, v) -> md.append("- **").append(k).append("**: ").append(v).append('\n'));
        md.append("\n| figure | value | baseline | ratio | target | verdict |\n|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(String.join(" | ", cells(row))).append(" |\n");
        }
        Path file = directory.resolve(name + ".md");
        Files.writeString(file, md, StandardCharsets.UTF_8);
        return file;
    }

    private static String[] cells(Row row) {
        return new String[] {row.figure(), row.value(), row.baseline(), row.ratio(), row.target(), row.verdict()};
    }

    private static String line(String[] cells, int[] width) {
        var text = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String cell = cells[c];
            // Numbers read best right-aligned, words left-aligned.
            boolean right = c == 1 || c == 2 || c == 3;
            text.append(' ')
                    .append(
                            right
                                    ? " ".repeat(width[c] - cell.length()) + cell
                                    : cell + " ".repeat(width[c] - cell.length()))
                    .append(" |");
        }
        return text.toString();
    }
}
