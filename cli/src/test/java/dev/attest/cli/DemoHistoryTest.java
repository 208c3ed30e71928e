package dev.attest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo's history is whole on any day: at a year's last seconds, on a leap day, years ahead. */
class DemoHistoryTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-31T23:59:50Z",
                "2027-01-01T00:00:00Z",
                "2028-02-29T12:00:00Z",
                "2031-03-01T00:00:00Z",
                "2026-11-27T10:15:02.120Z"
            })
    void generate_anyDay_everyEventInThePastWindow_andLastMonthsInvoice(String day) {
        Instant now = Instant.parse(day);

        List<Map<String, Object>> events =
                new DemoHistory(42, now, "org_demo", Map.of()).generate(42, DemoOrganization.ACTIONS);

        assertThat(events).hasSizeGreaterThan(500);
        assertThat(events)
                .extracting(e -> Instant.parse((String) e.get("occurred_at")))
                .allMatch(at -> !at.isAfter(now) && at.isAfter(now.minus(Duration.ofDays(43))))
                .isSorted();
        Map<String, Object> invoice = events.stream()
                .filter(e -> "billing.invoice.paid".equals(e.get("action")))
                .findFirst()
                .orElseThrow();
        String billed = YearMonth.from(now.minus(Duration.ofHours(5)).atOffset(ZoneOffset.UTC))
                .minusMonths(1)
                .getMonth()
                .getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        assertThat(invoice.get("target")).asString().contains("name=" + billed + " ");
    }
}
