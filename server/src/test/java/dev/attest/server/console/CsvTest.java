package dev.attest.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void cell_spreadsheetFormula_isPrefixedSoItStaysText() {
        assertThat(Csv.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(Csv.cell("+1+1")).isEqualTo("'+1+1");
        assertThat(Csv.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.cell("\tcmd")).isEqualTo("'\tcmd");
        assertThat(Csv.cell("\rcmd")).isEqualTo("\"'\rcmd\"");
    }

    @Test
    void cell_csvSyntax_isQuotedPerRfc4180() {
        assertThat(Csv.cell("plain")).isEqualTo("plain");
        assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.cell(null)).isEmpty();
    }

    @Test
    void cell_quotesExactlyWhenACellHoldsSyntaxOrOuterWhitespace_overRandomText() {
        var random = new SplittableRandom(4180);
        String alphabet = "ab,\"\n\r \t\u00a0\u2003=+-@x";
        for (int i = 0; i < 20_000; i++) {
            var text = new StringBuilder();
            for (int c = random.nextInt(1, 7); c > 0; c--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = text.toString();
            String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
            boolean quote = safe.contains(",")
                    || safe.contains("\"")
                    || safe.contains("\n")
                    || safe.contains("\r")
                    || !safe.equals(safe.strip());
            assertThat(Csv.cell(value))
                    .as("%s", value)
                    .isEqualTo(quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe);
        }
    }
}
