package dev.attest.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written id checks accept exactly what their documented patterns accept. */
class IdFormTest {
    private static final String ALPHABET = "aZ09_.:-/ é\u0000org_";

    @Test
    void organizationAndEventIds_handChecks_agreeWithTheirPatterns() {
        Pattern organization = Pattern.compile("org_[A-Za-z0-9]{1,60}");
        var random = new SplittableRandom(4180);
        var texts = new ArrayList<>(List.of(
                "",
                "org_",
                "org_a",
                "org_" + "a".repeat(60),
                "org_" + "a".repeat(61),
                "a",
                "a".repeat(128),
                "a".repeat(129),
                "_a",
                "-",
                "evt_01J",
                "ORG_a",
                "org_a-b"));
        for (int i = 0; i < 50_000; i++) {
            var text = new StringBuilder(random.nextBoolean() ? "org_" : "");
            int length = random.nextInt(i % 100 == 0 ? 140 : 8);
            for (int c = 0; c < length; c++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            texts.add(text.toString());
        }

        for (String text : texts) {
            assertThat(OrganizationId.isValid(text))
                    .as("organization id %s", text)
                    .isEqualTo(organization.matcher(text).matches());
            assertThat(EventId.isValid(text))
                    .as("event id %s", text)
                    .isEqualTo(EventId.FORM.matcher(text).matches());
        }
    }
}
